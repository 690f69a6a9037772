# Cross toolchain for 64-bit Raspberry Pi OS / Debian arm64 (Pi 3, 4, 5, Zero 2 W), using the
# host's Debian multiarch :arm64 -dev packages (no sysroot). cross/build installs what it needs.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(CMAKE_LIBRARY_ARCHITECTURE aarch64-linux-gnu)
set(CMAKE_C_COMPILER aarch64-linux-gnu-gcc)
set(CMAKE_CXX_COMPILER aarch64-linux-gnu-g++)

set(CMAKE_FIND_ROOT_PATH /usr/aarch64-linux-gnu /)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

# Plain pkg-config would hand out the host's amd64 libraries (and FindOpenSSL follows its hints).
# GPIOGW_CROSS_PKG_CONFIG_PATH may add arm64 ones in a private prefix (cross/build --libgpiod2).
set(ENV{PKG_CONFIG_LIBDIR} "/usr/lib/aarch64-linux-gnu/pkgconfig:/usr/share/pkgconfig")
set(ENV{PKG_CONFIG_PATH} "$ENV{GPIOGW_CROSS_PKG_CONFIG_PATH}")

# There is no binfmt_misc here: tests (and Catch's test discovery) must go through qemu, or
# discovery fails and no test is registered. No `-L /usr/aarch64-linux-gnu`: it would pair the
# cross package's ld.so with the multiarch libc6:arm64 (another glibc build), and the first
# pthread_create then spins forever. Without -L both come from libc6:arm64.
set(CMAKE_CROSSCOMPILING_EMULATOR /usr/bin/qemu-aarch64-static)
