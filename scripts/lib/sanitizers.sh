# Shared by the stages that run sanitized tests, scripts/matrix/sanitizers and scripts/matrix/trixie
# (sourced, not run).

# Prints the command prefix for running TSan programs on this kernel: gcc 12's TSan cannot map its
# shadow memory when the kernel randomizes mmap with more than 28 bits (some newer kernels);
# without address randomization it always can.
tsan_run_prefix() {
  if [[ $(cat /proc/sys/vm/mmap_rnd_bits 2>/dev/null || echo 28) -gt 28 ]]; then
    echo "setarch $(uname -m) -R"
  fi
}

# Prints every sanitizer report in the build tree $1 (the test presets' *SAN_OPTIONS log_path
# puts them in <build>/sanitizer-report.<pid>, also those of gpiogw processes whose exit status a
# test does not look at) to stderr, and fails if there was one.
check_sanitizer_reports() {
  local build=$1 report found=0
  for report in "$build"/sanitizer-report.*; do
    [[ -e $report ]] || continue
    echo "sanitizer report $report:" >&2
    cat "$report" >&2
    found=1
  done
  ((found == 0))
}
