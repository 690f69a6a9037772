#!/bin/sh
# VM payload: the backend contract suite (tests/unit/gpio/test_backend_contract.cpp) against the
# VM's gpio-sim chips. Its gpiod half skips where there are no chips: here that is a failure.
set -o pipefail
gpio_contract_tests '[contract]' 2>&1 | tee /tmp/contract.log || exit 1
if grep -qi 'skipped' /tmp/contract.log; then
  echo "contract.sh: a test case was skipped: the gpio-sim chips were not found"
  exit 1
fi
