#pragma once
// Test certificates, made with openssl on first use and shared by the whole test process: a CA,
// certificates it signed (the broker's for 127.0.0.1 and localhost, one for another host name, a
// client's), and a second CA that signed nothing the broker uses.

#include <filesystem>

namespace gpiogw::test {

struct Certificates {
  std::filesystem::path ca;
  std::filesystem::path server_cert;
  std::filesystem::path server_key;
  std::filesystem::path wrong_host_cert;  // valid, but for "elsewhere.invalid" only
  std::filesystem::path wrong_host_key;
  std::filesystem::path client_cert;  // CN gw-client
  std::filesystem::path client_key;
  std::filesystem::path other_ca;
};

const Certificates& certificates();

}  // namespace gpiogw::test
