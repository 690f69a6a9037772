# Finds libgpiodcxx and picks the GPIO backend from its version: both API generations use the
# same pkg-config name, only the version tells them apart.
#   1.6.x (Debian 12, Pi OS bookworm)          -> src/gpio/gpiod_v1_backend.cpp
#   2.x   (Debian 13, Pi OS trixie, backports) -> src/gpio/gpiod_v2_backend.cpp
# Sets GPIOGW_GPIOD_API (1 or 2, cached for scripts) and defines the target gpiogw::gpiod.
# To build against a libgpiod 2 unpacked into a private prefix, point PKG_CONFIG_PATH at its
# pkgconfig directory (scripts/matrix/bookworm-v2 does).

pkg_check_modules(GPIODCXX REQUIRED IMPORTED_TARGET libgpiodcxx>=1.6)
if(GPIODCXX_VERSION VERSION_GREATER_EQUAL 3.0)
  message(FATAL_ERROR "libgpiodcxx ${GPIODCXX_VERSION}: only the 1.6 and 2.x C++ APIs are supported")
elseif(GPIODCXX_VERSION VERSION_GREATER_EQUAL 2.0)
  set(GPIOGW_GPIOD_API 2 CACHE INTERNAL "libgpiod C++ API generation the backend is built for")
else()
  set(GPIOGW_GPIOD_API 1 CACHE INTERNAL "libgpiod C++ API generation the backend is built for")
endif()
message(STATUS "libgpiodcxx ${GPIODCXX_VERSION} in ${GPIODCXX_LIBDIR}: libgpiod v${GPIOGW_GPIOD_API} backend")

add_library(gpiogw_gpiod INTERFACE)
add_library(gpiogw::gpiod ALIAS gpiogw_gpiod)
target_link_libraries(gpiogw_gpiod INTERFACE PkgConfig::GPIODCXX)
# libgpiodcxx from a private prefix needs libgpiod from there too, but the linker's default
# RUNPATH only covers an executable's direct dependencies (and --as-needed drops libgpiod when no
# C symbol is used): an old-style RPATH also covers the dependencies' dependencies.
if(NOT GPIODCXX_LIBDIR IN_LIST CMAKE_CXX_IMPLICIT_LINK_DIRECTORIES)
  target_link_options(gpiogw_gpiod INTERFACE LINKER:--disable-new-dtags)
endif()
