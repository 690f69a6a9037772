#include "gpiogw/config/rules.hpp"

#include <catch2/catch_test_macros.hpp>
#include <string>

using namespace gpiogw::config;

namespace {

const std::string kNameRule =
    "names go into MQTT topics, so use 1 to 64 characters from A-Z a-z 0-9 _ -";
const std::string kUriForms =
    R"(use tcp://, ssl://, mqtt://, mqtts://, ws:// or wss:// followed by host[:port], )"
    R"(e.g. "tcp://localhost:1883")";

}  // namespace

TEST_CASE("names are 1 to 64 letters, digits, '_' and '-'", "[config][rules]") {
  CHECK_FALSE(check_name("relay1"));
  CHECK_FALSE(check_name("Pi_Kitchen-2"));
  CHECK_FALSE(check_name(std::string(64, 'a')));
  CHECK(check_name("") == "must not be empty; " + kNameRule);
  CHECK(check_name(std::string(65, 'a')) ==
        "\"" + std::string(64, 'a') + "\"... (65 bytes) is 65 characters long; " + kNameRule);
  CHECK(check_name("my relay") == "\"my relay\" contains \" \"; " + kNameRule);
  CHECK(check_name("a/b") == "\"a/b\" contains \"/\"; " + kNameRule);
  CHECK(check_name("a+") == "\"a+\" contains \"+\"; " + kNameRule);
  // The whole character, not one byte of it.
  CHECK(check_name("relé1") == R"("rel\xc3\xa91" contains "\xc3\xa9"; )" + kNameRule);
}

TEST_CASE("a name is shown bounded and printable, however long or odd", "[config][rules]") {
  const std::string huge(10 << 20, 'n');
  const auto problem = check_name(huge);
  REQUIRE(problem);
  CHECK(problem->size() < 300);
  CHECK(problem->starts_with("\"" + std::string(64, 'n') + "\"... (10485760 bytes) is 10485760 "));
  CHECK(check_name("a\nb\x1b") == R"("a\x0ab\x1b" contains "\x0a"; )" + kNameRule);
}

TEST_CASE("topic prefixes are topics without wildcards or empty levels", "[config][rules]") {
  CHECK_FALSE(check_topic_prefix("gpiogw/pi"));
  CHECK_FALSE(check_topic_prefix("home"));
  CHECK_FALSE(check_topic_prefix("a b/c.d"));
  CHECK(check_topic_prefix("") == "must not be empty");
  CHECK(check_topic_prefix("a/+/b") ==
        "\"a/+/b\" contains '+'; wildcards are not allowed in a topic prefix");
  CHECK(check_topic_prefix("a/#") ==
        "\"a/#\" contains '#'; wildcards are not allowed in a topic prefix");
  CHECK(check_topic_prefix("/a") == "\"/a\" must not start or end with '/'");
  CHECK(check_topic_prefix("a/") == "\"a/\" must not start or end with '/'");
  CHECK(check_topic_prefix("a//b") == "\"a//b\" has an empty level ('//')");
}

TEST_CASE("a sensor's own topic follows the prefix's rules", "[config][rules]") {
  CHECK_FALSE(check_topic("asm/randint"));
  CHECK_FALSE(check_topic("randint"));
  CHECK(check_topic("") == "must not be empty");
  CHECK(check_topic("asm/+") ==
        "\"asm/+\" contains '+'; wildcards are not allowed in a topic that is published to");
  CHECK(check_topic("asm/") == "\"asm/\" must not start or end with '/'");
  CHECK(check_topic("a//b") == "\"a//b\" has an empty level ('//')");
}

TEST_CASE("broker URIs need a known scheme and a host", "[config][rules]") {
  for (const char* good :
       {"tcp://localhost:1883", "tcp://localhost", "ssl://broker.example.org:8883",
        "mqtt://10.0.0.1", "mqtts://b:8883", "ws://b:8080/mqtt", "wss://b/", "tcp://[::1]:1883",
        "tcp://[fe80::1]", "tcp://my_host"}) {
    INFO(good);
    CHECK_FALSE(check_broker_uri(good));
  }
  CHECK(check_broker_uri("") == "must not be empty; " + kUriForms);
  CHECK(check_broker_uri("hivemq") == "\"hivemq\" is not a broker URI; " + kUriForms);
  CHECK(check_broker_uri("localhost:1883") ==
        "\"localhost:1883\" is not a broker URI; " + kUriForms);
  CHECK(check_broker_uri("http://b") ==
        "\"http://b\" has an unknown scheme \"http\"; " + kUriForms);
  CHECK(check_broker_uri("TCP://b") == "\"TCP://b\" has an unknown scheme \"TCP\"; " + kUriForms);
  CHECK(check_broker_uri("tcp://") == "\"tcp://\" has no host; " + kUriForms);
  CHECK(check_broker_uri("tcp://:1883") == "\"tcp://:1883\" has no host; " + kUriForms);
  CHECK(check_broker_uri("tcp://b/x") ==
        "\"tcp://b/x\" has a path; only ws:// and wss:// URIs may have one");
  CHECK(check_broker_uri("tcp://b:0") == "\"tcp://b:0\" has an invalid port \"0\"; use 1 to 65535");
  CHECK(check_broker_uri("tcp://b:65536") ==
        "\"tcp://b:65536\" has an invalid port \"65536\"; use 1 to 65535");
  CHECK(check_broker_uri("tcp://b:") == "\"tcp://b:\" has an invalid port \"\"; use 1 to 65535");
  CHECK(check_broker_uri("tcp://b:http") ==
        "\"tcp://b:http\" has an invalid port \"http\"; use 1 to 65535");
  CHECK(check_broker_uri("tcp://user@b") ==
        "\"tcp://***@b\" has a user name or password in it; set [mqtt] username and "
        "password_file instead");
  CHECK(check_broker_uri("tcp://[::1") == "\"tcp://[::1\" has an invalid host \"[::1\"");
  CHECK(check_broker_uri("tcp://[]") == "\"tcp://[]\" has an invalid host \"[]\"");
  CHECK(check_broker_uri("tcp://[::1]x") == "\"tcp://[::1]x\" has an invalid host \"[::1]x\"");
}

TEST_CASE("no message shows the password of a URI", "[config][rules]") {
  for (const char* uri : {"tcp://alice:s3cret@b:1883", "tcp://alice:s3cret@b:http",
                          "ws://alice:s3cret@b/mqtt", "http://alice:s3cret@b", "alice:s3cret@b",
                          "tcp://alice:s3cret@b/x", "tcp://alice:s3c@ret@[::1"}) {
    INFO(uri);
    const auto problem = check_broker_uri(uri);
    REQUIRE(problem);
    CHECK(problem->find("s3c") == std::string::npos);
    CHECK(problem->find("***@") != std::string::npos);
  }
  CHECK(shown_uri("tcp://alice:s3cret@b:1883") == R"("tcp://***@b:1883")");
  CHECK(shown_uri("ws://b/path@x") == R"("ws://b/path@x")");  // an '@' in the path is no login
  CHECK(shown_uri("tcp://b\n") == R"("tcp://b\x0a")");
}

TEST_CASE("the TLS schemes are told apart", "[config][rules]") {
  CHECK(uses_tls("ssl://b"));
  CHECK(uses_tls("mqtts://b"));
  CHECK(uses_tls("wss://b"));
  CHECK_FALSE(uses_tls("tcp://b"));
  CHECK_FALSE(uses_tls("mqtt://b"));
  CHECK_FALSE(uses_tls("ws://b"));
}

TEST_CASE("sanitize_name makes a valid name of a host name", "[config][rules]") {
  CHECK(sanitize_name("pi-kitchen") == "pi-kitchen");
  CHECK(sanitize_name("pi.lan") == "pi-lan");
  CHECK(sanitize_name("a b+c") == "a-b-c");
  CHECK(sanitize_name("") == "gpiogw");
  CHECK(sanitize_name(std::string(70, 'h')) == std::string(64, 'h'));
  CHECK_FALSE(check_name(sanitize_name("weird/host#name")));
}
