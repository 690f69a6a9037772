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

# Unpacks libgpiod 2 (libgpiod3 + libgpiod-dev) for Debian architecture $1 from bookworm-backports
# into the private prefix $2, once (under a lock): libgpiod3 Breaks libgpiod2, so it cannot be
# installed next to the system's libgpiod 1.6. Its pkg-config files then point into the prefix.
unpack_libgpiod2() {
  local arch=$1 prefix=$2
  [[ -f $prefix/.complete ]] && return
  with_lock "$prefix.lock" _unpack_libgpiod2 "$arch" "$prefix"
}
_unpack_libgpiod2() {
  local arch=$1 prefix=$2 debs deb
  [[ -f $prefix/.complete ]] && return # another worktree did it while we waited for the lock
  echo "unpacking libgpiod 2 ($arch) from bookworm-backports into $prefix" >&2
  rm -rf "$prefix" "$prefix.debs"
  mkdir -p "$prefix.debs"
  (cd "$prefix.debs" && apt-get download -q "libgpiod-dev:$arch/bookworm-backports" \
    "libgpiod3:$arch/bookworm-backports" 2>&1 | grep -v 'unsandboxed' >&2 || true)
  debs=("$prefix.debs"/*.deb)
  [[ ${#debs[@]} == 2 && -f ${debs[0]} ]] || { echo "downloading libgpiod 2 ($arch) failed" >&2; return 1; }
  for deb in "${debs[@]}"; do dpkg -x "$deb" "$prefix"; done
  # With prefix=/usr pkgconf would drop -I/-L as system paths and the v1 headers would win.
  sed -i "s#^prefix=/usr\$#prefix=$prefix/usr#" "$prefix"/usr/lib/*/pkgconfig/libgpiod*.pc
  printf '%s\n' "${debs[@]##*/}" >"$prefix/.complete"
  rm -rf "$prefix.debs"
}

# How many build or test jobs to run at once: one per core, or GPIOGW_JOBS (e.g. on a machine
# shared with other builds). Every script that runs jobs side by side asks here.
parallel_jobs() {
  echo "${GPIOGW_JOBS:-$(nproc)}"
}

# Puts ccache in front of the compilers of every build configured from here on, its cache in
# $GPIOGW_CACHE/ccache, so that a fresh clone (CI's is one every time) compiles only what changed
# since the last run on this machine. CMake reads the launcher variables when it configures a new
# build tree. Paths under the tree are made relative and the working directory is left out of
# the hash, so clones in other folders share the entries (their debug info then names the folder
# of the clone that filled the entry).
use_compiler_cache() {
  command -v ccache >/dev/null || return 0
  export CCACHE_DIR=${CCACHE_DIR:-$(gpiogw_cache)/ccache} CCACHE_BASEDIR=$PWD CCACHE_NOHASHDIR=1
  export CCACHE_MAXSIZE=${CCACHE_MAXSIZE:-6G}
  export CMAKE_C_COMPILER_LAUNCHER=ccache CMAKE_CXX_COMPILER_LAUNCHER=ccache
}
