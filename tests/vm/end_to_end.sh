#!/bin/sh
# VM payload: gpiogw with its real gpiod backend on the VM's gpio-sim chips, and a mosquitto on
# the VM's own loopback (the VM has no network device). A command moves a line, an edge driven
# from outside arrives as a state message.
sim=$GPIOSIM_SYSFS
topics=gpiogw/vm
fail() {
  echo "end_to_end.sh: $*"
  echo "--- gpiogw's log"; cat /tmp/gpiogw.log
  echo "--- what mosquitto_sub heard"; cat /tmp/heard
  exit 1
}
# Waits up to 30 s (TCG at high load is slow) until the command succeeds.
wait_for() { # description command...
  what=$1
  shift
  tries=0
  until "$@"; do
    tries=$((tries + 1))
    [ $tries -lt 300 ] || fail "timed out waiting for $what"
    sleep 0.1
  done
}
heard() { grep -qx "$1" /tmp/heard; }
heard_times() { [ "$(grep -cx "$1" /tmp/heard)" = "$2" ]; }
level_is() { [ "$(cat "$sim/sim_gpio$1/value")" = "$2" ]; }

cat >/tmp/mosquitto.conf <<END
listener 1883 127.0.0.1
allow_anonymous true
user root
END
mosquitto -c /tmp/mosquitto.conf >/tmp/mosquitto.log 2>&1 &
broker=$!
# The helpers must not outlive the script: /init waits for everything holding its output.
trap 'kill $broker $listener 2>/dev/null' EXIT
: >/tmp/heard
wait_for "mosquitto" mosquitto_pub -h 127.0.0.1 -t probe -m up 2>/dev/null
mosquitto_sub -h 127.0.0.1 -v -t "$topics/#" >/tmp/heard 2>&1 &
listener=$!

cat >/tmp/gpiogw.toml <<END
[gateway]
name = "vm"
state_dir = "/tmp/gpiogw-state"
[mqtt]
uri = "tcp://127.0.0.1:1883"
[gpio]
backend = "gpiod"
chip = "auto"
[[output]]
name = "relay"
line = "GPIO17"
[[input]]
name = "door"
line = "GPIO27"
bias = "pull-down"
edge = "both"
debounce = "20ms"
END
gpiogw --config /tmp/gpiogw.toml >/tmp/gpiogw.log 2>&1 &
gateway=$!
wait_for "gpiogw online" heard "$topics/status online"
wait_for "the door's first state" heard "$topics/input/door OFF"
level_is 17 0 || fail "relay (GPIO17) is not off at the start"

mosquitto_pub -h 127.0.0.1 -q 1 -t "$topics/output/relay/set" -m ON
wait_for "GPIO17 high" level_is 17 1
wait_for "the relay's state ON" heard "$topics/output/relay ON"
echo "end_to_end.sh: command ON -> gpio-sim line GPIO17 high, state ON published"

echo pull-up >"$sim/sim_gpio27/pull"
wait_for "the door's state ON" heard "$topics/input/door ON"
echo pull-down >"$sim/sim_gpio27/pull"
wait_for "the door's state OFF again" heard_times "$topics/input/door OFF" 2
echo "end_to_end.sh: GPIO27 pulled up and down -> door ON, then OFF published"

kill -TERM $gateway
wait $gateway || fail "gpiogw exited with status $? on SIGTERM"
echo "end_to_end.sh: passed"
