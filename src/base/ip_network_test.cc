#include "base/ip_network.h"

#include <gtest/gtest.h>

namespace khabar {
namespace {

bool In(std::string_view network, std::string_view address) {
  auto n = IpNetwork::Parse(network);
  auto a = IpAddress::Parse(address);
  EXPECT_TRUE(n) << network << ": " << n.error().message();
  EXPECT_TRUE(a) << address;
  return n && a && n->Contains(*a);
}

TEST(IpAddress, ParsesNumericAddressesOnly) {
  for (const char* ok : {"127.0.0.1", "0.0.0.0", "255.255.255.255", "::1", "::", "2001:db8::1",
                         "::ffff:10.0.0.1", "fe80::1:2:3:4"}) {
    EXPECT_TRUE(IpAddress::Parse(ok)) << ok;
  }
  for (const char* bad :
       {"", "localhost", "10.0.0", "10.0.0.256", "010.0.0.1", "10.0.0.1:80", "[::1]", "[::1]:80",
        " 10.0.0.1", "10.0.0.1 ", "fe80::1%eth0", "1::2::3", "unknown", "10.0.0.1/8"}) {
    EXPECT_FALSE(IpAddress::Parse(bad)) << bad;
  }
}

TEST(IpAddress, PrintsCanonicallyInItsOwnFamily) {
  EXPECT_EQ(IpAddress::Parse("10.0.0.1")->ToString(), "10.0.0.1");
  EXPECT_TRUE(IpAddress::Parse("10.0.0.1")->is_v4());
  EXPECT_EQ(IpAddress::Parse("2001:DB8:0:0::1")->ToString(), "2001:db8::1");
  EXPECT_FALSE(IpAddress::Parse("::ffff:10.0.0.1")->is_v4());
  EXPECT_EQ(IpAddress::Parse("::ffff:10.0.0.1")->ToString(), "::ffff:10.0.0.1");
}

TEST(IpNetwork, AnAddressAloneIsItself) {
  EXPECT_TRUE(In("127.0.0.1", "127.0.0.1"));
  EXPECT_FALSE(In("127.0.0.1", "127.0.0.2"));
  EXPECT_TRUE(In("::1", "::1"));
  EXPECT_FALSE(In("::1", "::2"));
  EXPECT_EQ(IpNetwork::Parse("127.0.0.1")->ToString(), "127.0.0.1/32");
  EXPECT_EQ(IpNetwork::Parse("::1")->ToString(), "::1/128");
}

TEST(IpNetwork, PrefixesOfEveryLength) {
  EXPECT_TRUE(In("10.0.0.0/8", "10.255.1.2"));
  EXPECT_FALSE(In("10.0.0.0/8", "11.0.0.1"));
  EXPECT_TRUE(In("192.168.4.0/22", "192.168.7.255"));
  EXPECT_FALSE(In("192.168.4.0/22", "192.168.8.0"));
  EXPECT_TRUE(In("0.0.0.0/0", "203.0.113.9"));
  EXPECT_TRUE(In("2001:db8::/32", "2001:db8:ffff::1"));
  EXPECT_FALSE(In("2001:db8::/32", "2001:db9::1"));
  EXPECT_TRUE(In("fc00::/7", "fdff::1"));  // the unique local range
  EXPECT_FALSE(In("fd00::/8", "fe00::1"));
  EXPECT_EQ(IpNetwork::Parse("10.0.0.0/8")->ToString(), "10.0.0.0/8");
}

TEST(IpNetwork, FamiliesMeetOnlyThroughMappedAddresses) {
  // A dual-stack socket reports IPv4 peers as ::ffff:a.b.c.d.
  EXPECT_TRUE(In("10.0.0.0/8", "::ffff:10.1.2.3"));
  EXPECT_TRUE(In("127.0.0.1", "::ffff:127.0.0.1"));
  EXPECT_FALSE(In("10.0.0.0/8", "::a01:203"));  // same low bits, not mapped
  EXPECT_FALSE(In("::1", "0.0.0.1"));
  EXPECT_FALSE(In("2001:db8::/32", "10.0.0.1"));
}

TEST(IpNetwork, BadTextIsAnErrorQuotingIt) {
  struct Case {
    const char* text;
    const char* want;
  } cases[] = {
      {"", "'': not an IP address or network"},
      {"proxy.internal", "'proxy.internal': not an IP address or network"},
      {"10.0.0.0/33", "'10.0.0.0/33': prefix length must be 0..32"},
      {"::/129", "'::/129': prefix length must be 0..128"},
      {"10.0.0.0/", "prefix length"},
      {"10.0.0.0/-1", "prefix length"},
      {"10.0.0.0/8x", "prefix length"},
      {"10.0.0.0/ 8", "prefix length"},
      {"10.0.0.1/8", "'10.0.0.1/8': has bits set past the prefix"},
      {"fd00::1/8", "has bits set past the prefix"},
      {"10.0.0.0/8/8", "prefix length"},
  };
  for (const auto& c : cases) {
    auto n = IpNetwork::Parse(c.text);
    ASSERT_FALSE(n) << c.text;
    EXPECT_EQ(n.error().code(), Code::kInvalidArgument);
    EXPECT_NE(n.error().message().find(c.want), std::string::npos)
        << "got: " << n.error().message() << "\nwant: " << c.want;
  }
}

// Issue 15: limits count an IPv6 client by its /64, not its address.
TEST(ClientKey, IPv6IsKeyedByItsSlash64AndIPv4ByItself) {
  EXPECT_EQ(ClientKey("2001:db8:1:2:a:b:c:d"), "2001:db8:1:2::/64");
  EXPECT_EQ(ClientKey("2001:db8:1:2::1"), ClientKey("2001:DB8:1:2:ffff:ffff:ffff:ffff"));
  EXPECT_NE(ClientKey("2001:db8:1:2::1"), ClientKey("2001:db8:1:3::1"));
  EXPECT_EQ(ClientKey("::1"), "::/64");
  EXPECT_EQ(ClientKey("10.0.0.7"), "10.0.0.7");
  EXPECT_EQ(ClientKey("::ffff:10.0.0.7"), "10.0.0.7");  // a dual-stack socket's IPv4 peer
  EXPECT_NE(ClientKey("10.0.0.7"), ClientKey("10.0.0.8"));
  EXPECT_EQ(ClientKey(""), "");
  EXPECT_EQ(ClientKey("unknown"), "unknown");
}

}  // namespace
}  // namespace khabar
