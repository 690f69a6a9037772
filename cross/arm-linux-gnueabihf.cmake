# Cross toolchain for 32-bit Debian armhf = ARMv7-A (Pi 2, 3, 4, Zero 2 W on a 32-bit OS), against
# a sysroot made by cross/build with mmdebstrap. ARMv6 (Pi 1, Pi Zero / Zero W) is NOT supported:
# Debian's armhf libraries and cross libstdc++ are ARMv7 and crash there with "Illegal instruction".
# The sysroot comes from -DGPIOGW_ARMHF_SYSROOT=<dir> or the environment variable of that name.
if(NOT GPIOGW_ARMHF_SYSROOT)
  set(GPIOGW_ARMHF_SYSROOT "$ENV{GPIOGW_ARMHF_SYSROOT}")
endif()
if(NOT IS_DIRECTORY "${GPIOGW_ARMHF_SYSROOT}/usr/lib/arm-linux-gnueabihf")
  message(FATAL_ERROR "GPIOGW_ARMHF_SYSROOT='${GPIOGW_ARMHF_SYSROOT}' is not an armhf sysroot; cross/build armhf makes one")
endif()
# try_compile re-reads this file in a nested project: without this it sees an empty variable.
list(APPEND CMAKE_TRY_COMPILE_PLATFORM_VARIABLES GPIOGW_ARMHF_SYSROOT)

set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR arm)
set(CMAKE_LIBRARY_ARCHITECTURE arm-linux-gnueabihf)
set(CMAKE_C_COMPILER arm-linux-gnueabihf-gcc)
set(CMAKE_CXX_COMPILER arm-linux-gnueabihf-g++)
set(CMAKE_SYSROOT "${GPIOGW_ARMHF_SYSROOT}")
# GCC 7.1 changed an ARM parameter-passing detail; the note it prints is not a problem here.
set(CMAKE_CXX_FLAGS_INIT -Wno-psabi)

set(CMAKE_FIND_ROOT_PATH "${GPIOGW_ARMHF_SYSROOT}")
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

set(ENV{PKG_CONFIG_SYSROOT_DIR} "${GPIOGW_ARMHF_SYSROOT}")
set(ENV{PKG_CONFIG_LIBDIR}
    "${GPIOGW_ARMHF_SYSROOT}/usr/lib/arm-linux-gnueabihf/pkgconfig:${GPIOGW_ARMHF_SYSROOT}/usr/share/pkgconfig")
set(ENV{PKG_CONFIG_PATH} "")

set(CMAKE_CROSSCOMPILING_EMULATOR /usr/bin/qemu-arm-static -L "${GPIOGW_ARMHF_SYSROOT}")
