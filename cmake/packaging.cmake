# Install rules and the Debian package (CPack DEB): gpiogw_<version>+<suite>_<arch>.deb holding the
# programs, the config as a conffile, the systemd unit, a sysusers.d entry and the docs.
# `cmake --build <dir> --target package` (or `cpack -G DEB` in <dir>) writes it; cross/build too.

# gpiogw's paths are Debian's: the unit runs /usr/bin/gpiogw and --config defaults to
# /etc/gpiogw/gpiogw.toml, so /usr/local would make an install the service cannot find.
if(CMAKE_INSTALL_PREFIX_INITIALIZED_TO_DEFAULT)
  set(CMAKE_INSTALL_PREFIX /usr CACHE PATH "Install prefix" FORCE)
endif()
include(GNUInstallDirs)

# Every program the package ships. A new tool only needs its target added to this list.
set(GPIOGW_PROGRAMS gpiogw gpiogw-chat gpiogw-randint)
install(TARGETS ${GPIOGW_PROGRAMS} RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})

# The suite the package is built for, from the target's os-release (the sysroot's when there is
# one): "deb12", "deb13". Bookworm and trixie share package names and sonames but not the Paho
# ABI, so a package is only for its own suite.
function(gpiogw_target_suite out)
  set(os_release /etc/os-release)
  if(CMAKE_SYSROOT)
    set(os_release "${CMAKE_SYSROOT}/usr/lib/os-release")
  endif()
  if(NOT EXISTS "${os_release}")
    message(FATAL_ERROR "${os_release} is missing: cannot tell which suite the package is for")
  endif()
  file(STRINGS "${os_release}" fields REGEX "^(ID|ID_LIKE|VERSION_ID|VERSION_CODENAME)=")
  foreach(field IN LISTS fields)
    string(REGEX REPLACE "^([A-Z_]+)=\"?([^\"]*)\"?$" "\\1;\\2" pair "${field}")
    list(GET pair 0 name)
    list(GET pair 1 value)
    set(os_${name} "${value}")
  endforeach()
  if(NOT os_VERSION_ID)  # testing and unstable have no version yet
    set(${out} "${os_ID}${os_VERSION_CODENAME}" PARENT_SCOPE)
  elseif(os_ID STREQUAL "debian" OR os_ID_LIKE MATCHES "debian")
    string(REGEX MATCH "^[0-9]+" major "${os_VERSION_ID}")
    set(${out} "deb${major}" PARENT_SCOPE)
  else()
    set(${out} "${os_ID}${os_VERSION_ID}" PARENT_SCOPE)
  endif()
endfunction()
gpiogw_target_suite(suite)
set(GPIOGW_PACKAGE_SUITE "${suite}" CACHE STRING "Debian suite suffix of the package version (deb12, deb13)")

# bookworm (12) still keeps units in /lib; from trixie (13) on they live in /usr/lib.
set(unit_dir /usr/lib/systemd/system)
if(GPIOGW_PACKAGE_SUITE MATCHES "^deb([0-9]+)$" AND CMAKE_MATCH_1 LESS 13)
  set(unit_dir /lib/systemd/system)
endif()
set(GPIOGW_SYSTEMD_UNIT_DIR "${unit_dir}" CACHE PATH "Where the systemd unit is installed")
string(REPLACE "/systemd/system" "/udev/rules.d" udev_rules_dir "${unit_dir}")
set(GPIOGW_UDEV_RULES_DIR "${udev_rules_dir}" CACHE PATH "Where the udev rule for PWM is installed")

# Absolute where the place is fixed whatever the prefix (the daemon's default --config, the unit).
install(FILES config/gpiogw.toml DESTINATION /etc/gpiogw)
install(FILES systemd/gpiogw.service DESTINATION ${GPIOGW_SYSTEMD_UNIT_DIR})
install(FILES systemd/gpiogw.sysusers DESTINATION lib/sysusers.d RENAME gpiogw.conf)
install(FILES systemd/gpiogw-pwm.rules DESTINATION ${GPIOGW_UDEV_RULES_DIR} RENAME 60-gpiogw-pwm.rules)
# The README's links point into docs/, so the pages keep that place beside it.
install(FILES README.md DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(DIRECTORY docs/ DESTINATION ${CMAKE_INSTALL_DOCDIR}/docs FILES_MATCHING PATTERN "*.md")

# The Debian architecture of the target, from its GNU triplet (aarch64-linux-gnu -> arm64).
execute_process(COMMAND dpkg-architecture -t "${CMAKE_LIBRARY_ARCHITECTURE}" -q DEB_HOST_ARCH
                OUTPUT_VARIABLE deb_arch OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET
                COMMAND_ERROR_IS_FATAL ANY)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME gpiogw)
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGE_CONTACT "gpiogw developers <gpiogw@localhost>")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_PACKAGE_VERSION "${PROJECT_VERSION}+${GPIOGW_PACKAGE_SUITE}")
set(CPACK_DEBIAN_PACKAGE_ARCHITECTURE "${deb_arch}")
set(CPACK_DEBIAN_FILE_NAME "gpiogw_${CPACK_DEBIAN_PACKAGE_VERSION}_${deb_arch}.deb")
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION "\
gpiogw drives GPIO output lines when MQTT commands arrive and publishes the state of every line,
debounced inputs included, as retained messages. It runs as a hardened systemd service under its
own system user in group gpio: edit /etc/gpiogw/gpiogw.toml, then systemctl enable --now gpiogw.")
# dpkg-shlibdeps finds the libraries; it cannot know that Paho C++ breaks its ABI between minor
# versions under one soname (1.2 on bookworm, 1.5 on trixie), so the upper bound is ours.
# systemd-sysusers creates the gpiogw user in postinst.
string(REGEX MATCH "^[0-9]+\\.[0-9]+" paho_minor "${PahoMqttCpp_VERSION}")
string(REGEX REPLACE "^([0-9]+)\\.([0-9]+)$" "\\1" paho_major "${paho_minor}")
string(REGEX REPLACE "^([0-9]+)\\.([0-9]+)$" "\\2" paho_next "${paho_minor}")
math(EXPR paho_next "${paho_next} + 1")
set(CPACK_DEBIAN_PACKAGE_DEPENDS
    "libpaho-mqttpp3-1 (<< ${paho_major}.${paho_next}~), systemd | systemd-standalone-sysusers")
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# A sysroot's libraries are not in the host's dpkg database: dpkg-shlibdeps looks them up in the
# sysroot's own (cross/sysroot-fixup rebuilds it from the .debs).
if(CMAKE_SYSROOT)
  set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS_PRIVATE_DIRS
      ${CMAKE_SYSROOT}/usr/lib/${CMAKE_LIBRARY_ARCHITECTURE} ${CMAKE_SYSROOT}/lib/${CMAKE_LIBRARY_ARCHITECTURE})
  set(CPACK_PROJECT_CONFIG_FILE "${CMAKE_BINARY_DIR}/cpack-sysroot.cmake")
  file(WRITE "${CPACK_PROJECT_CONFIG_FILE}" "set(ENV{DPKG_ADMINDIR} \"${CMAKE_SYSROOT}/var/lib/dpkg\")\n")
endif()
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
    ${PROJECT_SOURCE_DIR}/cmake/deb/conffiles ${PROJECT_SOURCE_DIR}/cmake/deb/postinst
    ${PROJECT_SOURCE_DIR}/cmake/deb/prerm ${PROJECT_SOURCE_DIR}/cmake/deb/postrm)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
include(CPack)

# For scripts and tests: the name of the file cpack writes.
file(WRITE "${CMAKE_BINARY_DIR}/package-file-name" "${CPACK_DEBIAN_FILE_NAME}")
