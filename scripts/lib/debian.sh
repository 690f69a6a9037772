# Shared by the install and matrix scripts (sourced, not run).

# The URI of the system's own Debian mirror (scripts/debian-mirror).
debian_mirror() {
  "$(dirname "${BASH_SOURCE[0]}")/../debian-mirror"
}

# Where the matrix keeps what it downloads or bootstraps between runs (survives `rm -rf build`).
gpiogw_cache() {
  echo "${GPIOGW_CACHE:-/var/cache/gpiogw}"
}
