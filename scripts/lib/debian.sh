# Shared by the install and matrix scripts (sourced, not run).

# The URI of the system's own Debian mirror (scripts/debian-mirror).
debian_mirror() {
  "$(dirname "${BASH_SOURCE[0]}")/../debian-mirror"
}

# Where the matrix keeps what it downloads or bootstraps between runs (survives `rm -rf build`).
gpiogw_cache() {
  echo "${GPIOGW_CACHE:-/var/cache/gpiogw}"
}

# Runs "$@" holding an exclusive lock on the file $1 names (then drops it from the arguments), so
# two worktrees filling the same cache entry at once do not trip over each other.
with_lock() {
  local lock=$1
  shift
  mkdir -p "$(dirname "$lock")"
  {
    flock 9
    "$@"
  } 9>"$lock"
}
