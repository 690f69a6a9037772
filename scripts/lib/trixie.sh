# The Debian 13 trixie chroot shared by the trixie stages (sourced after scripts/lib/debian.sh).
# Made with mmdebstrap from the system's own mirror, for amd64 with arm64 as a foreign
# architecture (the cross stage's libraries), and cached in $GPIOGW_CACHE/trixie-<arch>; made
# again only when the package list changes.

# The project's own package list without clang (clang-format, and the versioned clang/LLVM of the
# sanitizer and fuzz stages): not used here, big, and bookworm's versions are not in trixie. Then
# what the arm64 cross build needs (libcatch2-dev is not Multi-Arch: cross/build unpacks its arm64
# copy privately), but qemu: trixie's qemu-user holds every architecture (455 MB), so the stage
# lends the chroot the host's qemu-aarch64-static instead.
trixie_packages() {
  {
    scripts/install-deps --list | grep -vE '^(clang-format|clang-[0-9]+|llvm-[0-9]+|libclang-rt-[0-9]+-dev)$'
    cross/build --list-packages arm64 | grep -vx qemu-user-static
  } | sort -u | paste -sd, -
}

# Prints the chroot's path, bootstrapping it first if needed.
trixie_chroot() {
  [[ $(id -u) -eq 0 ]] || { echo "trixie: needs root (mmdebstrap --mode=root, chroot)" >&2; exit 1; }
  command -v mmdebstrap >/dev/null || scripts/install-deps --also mmdebstrap
  local arch root
  arch=$(dpkg --print-architecture)
  root=$(gpiogw_cache)/trixie-$arch
  with_lock "$root.lock" trixie_bootstrap "$root" "$arch" "$(trixie_packages)" >&2
  echo "$root"
}

trixie_bootstrap() {
  local root=$1 arch=$2 packages=$3
  if [[ ! -f $root/.gpiogw-packages || $(<"$root/.gpiogw-packages") != "$packages" ]]; then
    local mirror
    mirror=$(debian_mirror)
    echo "trixie: bootstrapping $root from $mirror (once; a few minutes)" >&2
    rm -rf "$root" "$root.new"
    mkdir -p "$(dirname "$root")"
    # The package lists stay: cross/build downloads the arm64 Catch2 with apt.
    mmdebstrap --quiet --mode=root --variant=apt --architectures="$arch,arm64" \
      --skip=cleanup/apt/lists --include="$packages" trixie "$root.new" "deb $mirror trixie main"
    mkdir -p "$root.new/src"
    printf '%s' "$packages" >"$root.new/.gpiogw-packages"
    mv "$root.new" "$root"
  fi
  # mmdebstrap leaves no /etc/hosts, so "localhost" would not resolve (the TLS tests use it).
  [[ -f $root/etc/hosts ]] || printf '127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n' >"$root/etc/hosts"
}

# Runs the shell commands $2 in the chroot $1 with the source tree at /src, and each further
# argument (a host file) at its own path, in a private mount namespace (with /proc and /sys), so
# nothing stays mounted afterwards. With use_compiler_cache in force the host's compiler cache is
# lent to the chroot at /ccache (entries are keyed by the compiler too, so they never mix).
in_trixie_chroot() {
  local ccache_env=()
  if [[ -n ${CCACHE_DIR:-} && -n ${CMAKE_CXX_COMPILER_LAUNCHER:-} ]]; then
    mkdir -p "$CCACHE_DIR"
    ccache_env=(CCACHE_DIR=/ccache CCACHE_BASEDIR=/src CCACHE_NOHASHDIR=1
      "CCACHE_MAXSIZE=$CCACHE_MAXSIZE" CMAKE_C_COMPILER_LAUNCHER=ccache
      CMAKE_CXX_COMPILER_LAUNCHER=ccache)
  fi
  # shellcheck disable=SC2016  # $0, $1, $2 and $@ belong to the inner shell
  unshare --mount --propagation private --fork sh -ec '
    root=$0 src=$1 commands=$2 ccache=$3 ccache_env=$4
    shift 4
    mount -t proc proc "$root/proc"
    mount -t sysfs sysfs "$root/sys"   # libgpiod 2 checks a device is a GPIO chip through /sys
    mount --bind "$src" "$root/src"
    if [ -n "$ccache" ]; then
      mkdir -p "$root/ccache"
      mount --bind "$ccache" "$root/ccache"
    fi
    for file in "$@"; do
      touch "$root$file"
      mount --bind "$file" "$root$file"
    done
    exec chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root \
      LANG=C.UTF-8 $ccache_env /bin/sh -ec "$commands"' \
    "$1" "$PWD" "$2" "${ccache_env:+$CCACHE_DIR}" "${ccache_env[*]}" "${@:3}"
}
