#!/bin/sh
# VM payload of bench/vm-counting (which puts "seconds=N" in front): gpiogw with its real gpiod
# backend counts pulses that gpiosim_pulse_driver makes on a gpio-sim line, at rising rates, each
# for $seconds; a rate is counted exactly when the total grew by every pulse made and no event was
# dropped. No broker: the counting goes on without one, and the total is read from the state
# file (written at each 200 ms publish tick, at most every 2 s).
sim=$GPIOSIM_SYSFS
state=/tmp/gpiogw-state/outputs.state
cat >/tmp/gpiogw.toml <<END
[gateway]
name = "vmbench"
state_dir = "/tmp/gpiogw-state"
[mqtt]
uri = "tcp://127.0.0.1:1883"
[homeassistant]
discovery = false
[[counter]]
name = "meter"
line = "GPIO5"
bias = "pull-up"
edge = "falling"
interval = "200ms"
END
gpiogw --config /tmp/gpiogw.toml >/tmp/gpiogw.log 2>&1 &
gateway=$!
trap 'kill $gateway 2>/dev/null' EXIT
# The total in the state file (0 before the first write).
total() { sed -n 's/^meter //p' "$state" 2>/dev/null | grep . || echo 0; }
# gpiogw's CPU time in clock ticks (utime + stime, /proc/<pid>/stat fields 14 and 15).
ticks() { read -r stat </proc/$gateway/stat; set -- $stat; echo $((${14} + ${15})); }
hz=100
sleep 1

echo "vm-counting: $(uname -m), gpio-sim, $seconds s per rate, gpiogw's loop on the VM's one vCPU"
echo "vm-counting:  rate  achieved   pulses   counted  dropped  exact  gpiogw CPU"
expected=0
for rate in 250 500 1000 2000 4000 8000 16000; do
  before=$(ticks)
  set -- $(gpiosim_pulse_driver "$sim/sim_gpio5/pull" $rate "$seconds")
  made=$1 achieved=$2
  expected=$((expected + made))
  previous=
  until [ "$(total)" = "$previous" ]; do  # settled: the same total 3 s apart
    previous=$(total)
    sleep 3
  done
  cpu=$(($(ticks) - before))
  counted=$(($(total) - expected + made))
  dropped=no
  grep -q "lost from the kernel's event queue" /tmp/gpiogw.log && dropped=yes
  exact=yes
  [ "$counted" = "$made" ] && [ $dropped = no ] || exact=no
  printf 'vm-counting: %5s %9s %8s %9s %8s  %5s  %d.%02d s\n' "$rate" "$achieved" "$made" \
    "$counted" "$dropped" "$exact" $((cpu / hz)) $((cpu % hz))
  [ $exact = yes ] || break
done
