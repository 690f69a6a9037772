#include "gpiogw/config/presets.hpp"

#include <catch2/catch_test_macros.hpp>

#include "gpiogw/config/rules.hpp"

using namespace gpiogw::config;

TEST_CASE("every preset has a host and a port for every transport", "[config][loader]") {
  REQUIRE(presets().size() >= 5);
  for (const Preset& preset : presets()) {
    INFO(preset.name);
    for (const Transport transport :
         {Transport::tcp, Transport::tls, Transport::ws, Transport::wss}) {
      const std::string uri = preset_uri(preset, transport);
      CHECK_FALSE(check_broker_uri(uri));
      CHECK(uses_tls(uri) == (transport == Transport::tls || transport == Transport::wss));
    }
    CHECK(find_preset(preset.name) == &preset);
  }
  CHECK_FALSE(find_preset("HiveMQ"));
}

TEST_CASE("check_broker takes URIs and presets, and suggests a preset for a typo",
          "[config][presets]") {
  CHECK_FALSE(check_broker("hivemq"));
  CHECK_FALSE(check_broker("tcp://localhost:1883"));
  CHECK(check_broker("tcp://") == check_broker_uri("tcp://"));  // a URI gets the URI checks
  const auto typo = check_broker("emxq");
  REQUIRE(typo);
  CHECK(
      typo->starts_with("\"emxq\" is neither a broker URI nor a preset (did you mean 'emqx'?); "
                        "presets: hivemq, mosquitto, emqx, eclipse, flespi; or use tcp://"));
  const auto far = check_broker("localhost");
  REQUIRE(far);
  CHECK(far->find("did you mean") == std::string::npos);
  CHECK(check_broker("") == check_broker_uri(""));
  // Meant as user:password@host without a scheme: the password is not shown either.
  const auto login = check_broker("alice:s3cret@broker");
  REQUIRE(login);
  CHECK(login->starts_with(R"("***@broker" is neither a broker URI nor a preset)"));
}
