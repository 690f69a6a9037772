#include "certificates.hpp"

#include <stdexcept>

#include "process.hpp"
#include "temp_dir.hpp"

namespace gpiogw::test {
namespace {

using namespace std::chrono_literals;

// EC keys: a fraction of RSA's time to make. `$1` is the folder.
constexpr const char* kScript = R"(set -e
cd "$1"
ca() {
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 \
    -keyout "$1.key" -out "$1.crt" -subj "/CN=$1" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign"
}
signed() {  # name, subject, extensions
  openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
    -keyout "$1.key" -out "$1.csr" -subj "$2"
  printf "$3" > "$1.ext"
  openssl x509 -req -in "$1.csr" -CA ca.crt -CAkey ca.key -CAcreateserial -days 2 \
    -out "$1.crt" -extfile "$1.ext"
}
ca ca
ca other-ca
signed server /CN=localhost "subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n"
signed wrong-host /CN=elsewhere.invalid "subjectAltName=DNS:elsewhere.invalid\nextendedKeyUsage=serverAuth\n"
signed client /CN=gw-client "extendedKeyUsage=clientAuth\n"
)";

Certificates make() {
  // Lives as long as the test process: every broker of every test reads these files.
  static TempDir dir("gpiogw-certificates");
  const auto made = run_command({"sh", "-c", kScript, "sh", dir.path().string()}, 30s);
  if (made.status != 0) throw std::runtime_error("openssl failed: " + made.output);
  return {.ca = dir / "ca.crt",
          .server_cert = dir / "server.crt",
          .server_key = dir / "server.key",
          .wrong_host_cert = dir / "wrong-host.crt",
          .wrong_host_key = dir / "wrong-host.key",
          .client_cert = dir / "client.crt",
          .client_key = dir / "client.key",
          .other_ca = dir / "other-ca.crt"};
}

}  // namespace

const Certificates& certificates() {
  static const Certificates made = make();
  return made;
}

}  // namespace gpiogw::test
