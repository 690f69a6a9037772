# gpiogw_add_vm_test(<name> PAYLOAD <script> [PROGRAMS <file>...] [TIMEOUT <seconds>])
#
# Registers a test that boots the gpio-sim VM of this build's architecture (tests/vm: a Debian 12
# kernel under qemu with simulated GPIO chips), runs <script> in it with <file>s (programs, also
# generator expressions such as $<TARGET_FILE:x>) in its /usr/bin, and passes when the script
# exits 0. Label `vm`. The test is skipped (CTest's skip) until `tests/vm/prepare <arch>` has made
# the VM, and fails in that case only with GPIOGW_VM_REQUIRED=1 in the environment (CI).
#
# Registered only where it means something: an amd64 or arm64 build (the VM's architectures),
# qemu-system for it installed, and no sanitizer build (the VM has 256 MB and no sanitizer
# runtime to spare). GPIOGW_VM_ARCH says whether it is (empty if not).

if(CMAKE_SYSTEM_PROCESSOR MATCHES "^(x86_64|AMD64|amd64)$")
  set(_gpiogw_vm_arch amd64)
  set(_gpiogw_vm_qemu qemu-system-x86_64)
elseif(CMAKE_SYSTEM_PROCESSOR MATCHES "^(aarch64|arm64)$")
  set(_gpiogw_vm_arch arm64)
  set(_gpiogw_vm_qemu qemu-system-aarch64)
endif()
set(GPIOGW_VM_ARCH "")
if(_gpiogw_vm_arch AND NOT CMAKE_CXX_FLAGS MATCHES "-fsanitize")
  find_program(GPIOGW_VM_QEMU_${_gpiogw_vm_arch} ${_gpiogw_vm_qemu})
  if(GPIOGW_VM_QEMU_${_gpiogw_vm_arch})
    set(GPIOGW_VM_ARCH ${_gpiogw_vm_arch})
  else()
    message(STATUS "No ${_gpiogw_vm_qemu}: the gpio-sim VM tests are left out")
  endif()
endif()

function(gpiogw_add_vm_test name)
  cmake_parse_arguments(PARSE_ARGV 1 VM "" "PAYLOAD;TIMEOUT" "PROGRAMS")
  if(NOT VM_PAYLOAD OR VM_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "gpiogw_add_vm_test(${name} PAYLOAD <script> [PROGRAMS ...] [TIMEOUT s])")
  endif()
  if(NOT GPIOGW_VM_ARCH)
    return()
  endif()
  if(NOT VM_TIMEOUT)
    set(VM_TIMEOUT 240)
  endif()
  # The VM's own limit (tests/vm/run kills qemu) comes before CTest's, so its message is seen.
  add_test(NAME ${name}
           COMMAND ${CMAKE_COMMAND} -E env GPIOGW_VM_TIMEOUT=${VM_TIMEOUT}
                   ${PROJECT_SOURCE_DIR}/tests/vm/run ${GPIOGW_VM_ARCH} ${VM_PAYLOAD} ${VM_PROGRAMS})
  math(EXPR ctest_timeout "${VM_TIMEOUT} + 30")
  # RUN_SERIAL: qemu's TCG keeps a whole core busy, which starved the timing checks of tests
  # running next to it (a 60 ms pulse check failed at load 11).
  set_tests_properties(${name} PROPERTIES LABELS vm SKIP_RETURN_CODE 77 TIMEOUT ${ctest_timeout}
                                          RUN_SERIAL TRUE)
endfunction()
