// Chip and line lookup over chip descriptions as real boards report them, no hardware needed.
#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>

#include <string>
#include <vector>

#include "gpiogw/gpio/backend.hpp"
#include "gpiogw/gpio/line_lookup.hpp"
#include "message_of.hpp"
#include "specs.hpp"

using namespace gpiogw::gpio;
using Catch::Matchers::ContainsSubstring;
using Catch::Matchers::Equals;
using gpiogw::test::input;
using gpiogw::test::message_of;
using gpiogw::test::output;

namespace {

ChipInfo chip(std::string name, std::string label, std::vector<std::string> line_names) {
  ChipInfo info;
  info.path = "/dev/" + name;
  info.name = std::move(name);
  info.label = std::move(label);
  for (unsigned offset = 0; offset < line_names.size(); ++offset) {
    info.lines.push_back({offset, line_names[offset], false, ""});
  }
  return info;
}

std::vector<std::string> names(const std::string& prefix, unsigned count) {
  std::vector<std::string> result;
  for (unsigned i = 0; i < count; ++i) result.push_back(prefix + std::to_string(i));
  return result;
}

// The Pi 5's RP1 header chip: GPIO0..GPIO27, then board signals (54 lines).
ChipInfo rp1(std::string name) {
  auto lines = names("GPIO", 28);
  lines.resize(54);
  lines[34] = "PCIE_PWR_EN";
  return chip(std::move(name), "pinctrl-rp1", lines);
}

// The Pi 5's SoC banks: no GPIO<N> names.
std::vector<ChipInfo> brcmstb(unsigned first_number) {
  return {chip("gpiochip" + std::to_string(first_number), "gpio-brcmstb@107d508500",
               {"-", "2712_BOOT_CS_N", "2712_BOOT_MISO", "2712_BOOT_MOSI"}),
          chip("gpiochip" + std::to_string(first_number + 1), "gpio-brcmstb@107d508520",
               {"-", "-", "-", "-"}),
          chip("gpiochip" + std::to_string(first_number + 2), "gpio-brcmstb@107d517c00",
               {"RP1_SDA", "RP1_SCL", "RP1_RUN", "SD_IOVDD_SEL"}),
          chip("gpiochip" + std::to_string(first_number + 3), "gpio-brcmstb@107d517c20",
               {"-", "-", "-", "-"})};
}

// Early Pi 5 kernels: the header chip is gpiochip4, after the SoC banks.
std::vector<ChipInfo> pi5_early() {
  auto chips = brcmstb(0);
  chips.push_back(rp1("gpiochip4"));
  return chips;
}

// raspberrypi/linux#6144: the header chip became gpiochip0, the SoC banks gpiochip10..13.
std::vector<ChipInfo> pi5_renumbered() {
  std::vector<ChipInfo> chips{rp1("gpiochip0")};
  for (auto& bank : brcmstb(10)) chips.push_back(std::move(bank));
  return chips;
}

std::vector<ChipInfo> pi4() {
  auto header = names("GPIO", 58);
  header[0] = "ID_SDA";
  header[1] = "ID_SCL";
  return {chip("gpiochip0", "pinctrl-bcm2711", header),
          chip("gpiochip1", "raspberrypi-exp-gpio",
               {"BT_ON", "WL_ON", "PWR_LED_OFF", "GLOBAL_RESET", "VDD_SD_IO_SEL", "CAM_GPIO",
                "SD_PWR_ON", ""})};
}

std::string where(const std::vector<ChipInfo>& chips, const std::string& chip_spec, LineId line) {
  const auto chosen = select_chip(chip_spec, chips);
  const std::vector<LineSpec> specs{output("relay", std::move(line))};
  const auto location = locate_lines(specs, chips, chosen).at(0);
  return describe_line(chips[location.chip], location.offset);
}

}  // namespace

TEST_CASE("Pi 5: chip auto and GPIO names find the header pin however the chips are numbered",
          "[gpio][lookup]") {
  CHECK(where(pi5_early(), "auto", std::string("GPIO17")) ==
        "gpiochip4 [pinctrl-rp1] offset 17 (GPIO17)");
  CHECK(where(pi5_renumbered(), "auto", std::string("GPIO17")) ==
        "gpiochip0 [pinctrl-rp1] offset 17 (GPIO17)");
  CHECK(where(pi5_early(), "auto", 17u) == "gpiochip4 [pinctrl-rp1] offset 17 (GPIO17)");
  CHECK(where(pi5_renumbered(), "pinctrl-rp1", 17u) ==
        "gpiochip0 [pinctrl-rp1] offset 17 (GPIO17)");
  // A name resolves across chips even when the config names another chip.
  CHECK(where(pi5_renumbered(), "gpiochip12", std::string("GPIO4")) ==
        "gpiochip0 [pinctrl-rp1] offset 4 (GPIO4)");
}

TEST_CASE("Pi 5: a chip number from an older kernel fails, listing what exists", "[gpio][lookup]") {
  CHECK_THAT(message_of<GpioError>([] { select_chip("gpiochip4", pi5_renumbered()); }),
             Equals("GPIO chip \"gpiochip4\": no chip with that name or label; chips present: "
                    "gpiochip0 [pinctrl-rp1] 54 lines, gpiochip10 [gpio-brcmstb@107d508500] 4 "
                    "lines, gpiochip11 [gpio-brcmstb@107d508520] 4 lines, gpiochip12 "
                    "[gpio-brcmstb@107d517c00] 4 lines, gpiochip13 [gpio-brcmstb@107d517c20] 4 "
                    "lines"));
}

TEST_CASE("Pi 4: auto is pinctrl-bcm2711 and names on the expander chip resolve too",
          "[gpio][lookup]") {
  const auto chips = pi4();
  CHECK(find_auto_chip(chips) == 0u);
  CHECK(where(chips, "auto", std::string("ID_SDA")) ==
        "gpiochip0 [pinctrl-bcm2711] offset 0 (ID_SDA)");
  CHECK(where(chips, "auto", std::string("WL_ON")) ==
        "gpiochip1 [raspberrypi-exp-gpio] offset 1 (WL_ON)");
  CHECK(where(chips, "/dev/gpiochip1", 6u) ==
        "gpiochip1 [raspberrypi-exp-gpio] offset 6 (SD_PWR_ON)");
  CHECK(where(chips, "raspberrypi-exp-gpio", 7u) == "gpiochip1 [raspberrypi-exp-gpio] offset 7");
}

TEST_CASE("a name on the chosen chip wins over the same name elsewhere", "[gpio][lookup]") {
  const std::vector<ChipInfo> chips{chip("gpiochip0", "pinctrl-a", {"LED", "BUTTON"}),
                                    chip("gpiochip1", "expander", {"BUTTON", "LED"})};
  CHECK(where(chips, "auto", std::string("LED")) == "gpiochip0 [pinctrl-a] offset 0 (LED)");
  CHECK(where(chips, "expander", std::string("LED")) == "gpiochip1 [expander] offset 1 (LED)");
}

TEST_CASE("a missing or ambiguous line name is a clear error", "[gpio][lookup]") {
  const std::vector<ChipInfo> chips{chip("gpiochip0", "pinctrl-a", {"GPIO0", "GPIO17", "NC", "NC"}),
                                    chip("gpiochip1", "exp-a", {"RESET", "IRQ"}),
                                    chip("gpiochip2", "exp-b", {"IRQ", "RESET"})};
  const auto locate = [&](LineId line) {
    const std::vector<LineSpec> specs{output("relay", std::move(line))};
    return message_of<GpioError>([&] { locate_lines(specs, chips, 0); });
  };
  CHECK(locate(std::string("gpio17")) ==
        "output 'relay': no line named \"gpio17\" on any chip (did you mean \"GPIO17\"?); chips "
        "present: gpiochip0 [pinctrl-a] 4 lines, gpiochip1 [exp-a] 2 lines, gpiochip2 [exp-b] 2 "
        "lines");
  CHECK_THAT(locate(std::string("WIBBLE")),
             Equals("output 'relay': no line named \"WIBBLE\" on any chip; chips present: "
                    "gpiochip0 [pinctrl-a] 4 lines, gpiochip1 [exp-a] 2 lines, gpiochip2 [exp-b] "
                    "2 lines"));
  CHECK(locate(std::string("IRQ")) ==
        "output 'relay': line name \"IRQ\" is ambiguous, it is on gpiochip1 [exp-a] offset 1 (IRQ) "
        "and gpiochip2 [exp-b] offset 0 (IRQ); give the offset instead (line = 1) and, if "
        "needed, set [gpio] chip");
  CHECK_THAT(locate(std::string("NC")),
             ContainsSubstring("\"NC\" is ambiguous, it is on gpiochip0 [pinctrl-a] offset 2 (NC) "
                               "and gpiochip0 [pinctrl-a] offset 3 (NC)"));
  CHECK(locate(4u) ==
        "output 'relay': line 4 does not exist on gpiochip0 [pinctrl-a] (offsets 0..3)");
}

TEST_CASE("every bad line is reported at once, one a line, the chips present once",
          "[gpio][lookup]") {
  const std::vector<ChipInfo> chips{
      chip("gpiochip0", "pinctrl-a", {"GPIO0", "GPIO17", "NC", "NC"})};
  const std::vector<LineSpec> specs{output("relay", std::string("gpio17")),
                                    output("ok", 0u),
                                    output("far", 9u),
                                    input("door", std::string("NC"), Edge::both),
                                    input("bell", std::string("WIBBLE\n\x1b"), Edge::both),
                                    input("again", std::string("GPIO0"), Edge::both)};
  CHECK(message_of<GpioError>([&] { locate_lines(specs, chips, 0); }) ==
        "output 'relay': no line named \"gpio17\" on any chip (did you mean \"GPIO17\"?); chips "
        "present: gpiochip0 [pinctrl-a] 4 lines\n"
        "output 'far': line 9 does not exist on gpiochip0 [pinctrl-a] (offsets 0..3)\n"
        "input 'door': line name \"NC\" is ambiguous, it is on gpiochip0 [pinctrl-a] offset 2 (NC) "
        "and gpiochip0 [pinctrl-a] offset 3 (NC); give the offset instead (line = 2) and, if "
        "needed, set [gpio] chip\n"
        "input 'bell': no line named \"WIBBLE\\x0a\\x1b\" on any chip\n"
        "line 0 on gpiochip0 requested twice: by 'ok' and 'again'");
}

TEST_CASE("one line wanted by two entries is an error naming both", "[gpio][lookup]") {
  const auto chips = pi5_renumbered();
  const std::vector<LineSpec> specs{output("a", 17u), output("b", std::string("RP1_SDA")),
                                    output("c", std::string("GPIO17"))};
  CHECK(message_of<GpioError>([&] { locate_lines(specs, chips, 0); }) ==
        "line 17 on gpiochip0 requested twice: by 'a' and 'c'");
}

TEST_CASE("chip selection: auto, names, labels, paths and their errors", "[gpio][lookup]") {
  auto chips = pi4();
  CHECK(select_chip("gpiochip1", chips) == 1);
  CHECK(select_chip("/dev/gpiochip0", chips) == 0);
  CHECK(select_chip("pinctrl-bcm2711", chips) == 0);

  SECTION("no pinctrl chip") {
    const std::vector<ChipInfo> none{chip("gpiochip0", "gpio-mockup-A", {"a"})};
    CHECK_FALSE(find_auto_chip(none));
    CHECK(message_of<GpioError>([&] { select_chip("auto", none); }) ==
          "GPIO chip \"auto\": no chip labelled pinctrl-*; chips present: gpiochip0 "
          "[gpio-mockup-A] 1 lines");
  }
  SECTION("no chips at all") {
    CHECK(message_of<GpioError>([] { select_chip("auto", {}); }) ==
          "GPIO chip \"auto\": no chip labelled pinctrl-*; there are no GPIO chips at all "
          "(/dev/gpiochip* missing: no GPIO hardware or driver; on a PC use the mock backend)");
  }
  SECTION("two pinctrl chips") {
    chips.push_back(chip("gpiochip2", "pinctrl-other", {"x"}));
    CHECK_FALSE(find_auto_chip(chips));
    CHECK(message_of<GpioError>([&] { select_chip("auto", chips); }) ==
          "GPIO chip \"auto\": several chips are labelled pinctrl-* (gpiochip0 [pinctrl-bcm2711], "
          "gpiochip2 [pinctrl-other]); set [gpio] chip to the label of the one you mean");
  }
  SECTION("two chips with one label") {
    chips.push_back(chip("gpiochip2", "raspberrypi-exp-gpio", {"x"}));
    CHECK(message_of<GpioError>([&] { select_chip("raspberrypi-exp-gpio", chips); }) ==
          "GPIO chip \"raspberrypi-exp-gpio\": several chips have that label (gpiochip1 "
          "[raspberrypi-exp-gpio], gpiochip2 [raspberrypi-exp-gpio]); set [gpio] chip to a name "
          "or path");
  }
  SECTION("a chip that cannot be opened") {
    chips[1].error = "Permission denied (is the user in the 'gpio' group?)";
    chips[1].lines.clear();
    CHECK(message_of<GpioError>([&] { select_chip("gpiochip1", chips); }) ==
          "GPIO chip \"gpiochip1\": cannot open: Permission denied (is the user in the 'gpio' "
          "group?); chips present: gpiochip0 [pinctrl-bcm2711] 58 lines");
    // Its lines are not searched, and the inventory says why.
    const std::vector<LineSpec> specs{output("relay", std::string("WL_ON"))};
    CHECK_THAT(message_of<GpioError>([&] { locate_lines(specs, chips, 0); }),
               ContainsSubstring("gpiochip1 (cannot open: Permission denied"));
  }
}

TEST_CASE("located lines are grouped per chip for one request each", "[gpio][lookup]") {
  const std::vector<LineLocation> locations{{4, 17}, {0, 1}, {4, 27}, {4, 22}, {0, 3}};
  const auto groups = group_by_chip(locations);
  REQUIRE(groups.size() == 2);
  CHECK(groups[0].chip == 4);
  CHECK(groups[0].lines == std::vector<std::size_t>{0, 2, 3});
  CHECK(groups[1].chip == 0);
  CHECK(groups[1].lines == std::vector<std::size_t>{1, 4});
  CHECK(group_by_chip({}).empty());
}
