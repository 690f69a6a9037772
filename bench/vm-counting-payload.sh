#!/bin/sh
# VM payload of bench/vm-counting (which puts "seconds=N" in front): gpiogw with its real gpiod
# backend counts pulses that gpiosim_pulse_driver makes on a gpio-sim line, at rising rates, each
# for $seconds; a rate is counted exactly when the published total grew by every pulse made.
# Prints one row per rate and stops after the first that was not counted exactly.
sim=$GPIOSIM_SYSFS
topic=gpiogw/vmbench/counter/meter
fail() {
  echo "vm-counting: $*"
  echo "--- gpiogw's log"; cat /tmp/gpiogw.log
  exit 1
}
cat >/tmp/mosquitto.conf <<END
listener 1883 127.0.0.1
allow_anonymous true
user root
END
mosquitto -c /tmp/mosquitto.conf >/tmp/mosquitto.log 2>&1 &
broker=$!
trap 'kill $broker $listener $gateway 2>/dev/null' EXIT
tries=0
until mosquitto_pub -h 127.0.0.1 -t probe -m up 2>/dev/null; do
  tries=$((tries + 1)); [ $tries -lt 300 ] || fail "no mosquitto"; sleep 0.1
done
mosquitto_sub -h 127.0.0.1 -v -t "$topic/#" >/tmp/heard 2>&1 &
listener=$!
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
last() { grep "^$topic$1 " /tmp/heard | tail -n 1 | cut -d' ' -f2; }
tries=0
until [ "$(last '')" = 0 ]; do
  tries=$((tries + 1)); [ $tries -lt 300 ] || fail "no first total"; sleep 0.1
done
# gpiogw's CPU time in clock ticks (utime + stime, /proc/<pid>/stat fields 14 and 15).
ticks() { read -r stat </proc/$gateway/stat; set -- $stat; echo $((${14} + ${15})); }
hz=100

echo "vm-counting: $(uname -m), gpio-sim, $seconds s per rate, gpiogw's loop on the VM's one vCPU"
echo "vm-counting:  rate  achieved   pulses   counted  lost  exact  gpiogw CPU"
expected=0
for rate in 250 500 1000 2000 4000 8000 16000; do
  before=$(ticks)
  set -- $(gpiosim_pulse_driver "$sim/sim_gpio5/pull" $rate "$seconds")
  made=$1 achieved=$2
  expected=$((expected + made))
  previous=
  until [ "$(last '')" = "$previous" ] && [ -n "$previous" ]; do
    previous=$(last '')
    sleep 1
  done
  cpu=$(($(ticks) - before))
  total=$(last '')
  lost=$(last /lost)
  exact=yes
  [ "$total" = "$expected" ] && [ "${lost:-0}" = 0 ] || exact=no
  printf 'vm-counting: %5s %9s %8s %9s %5s  %5s  %d.%02d s\n' "$rate" "$achieved" "$made" \
    "$((total - expected + made))" "${lost:-0}" "$exact" $((cpu / hz)) $((cpu % hz))
  [ $exact = yes ] || break
done
