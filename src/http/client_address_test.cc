#include "http/client_address.h"

#include <gtest/gtest.h>

namespace khabar::http {
namespace {

std::vector<IpNetwork> Networks(std::initializer_list<const char*> texts) {
  std::vector<IpNetwork> out;
  for (const char* t : texts) {
    auto n = IpNetwork::Parse(t);
    EXPECT_TRUE(n) << t;
    if (n) out.push_back(*n);
  }
  return out;
}

TEST(ClientAddress, NobodyTrustedIsThePeer) {
  EXPECT_EQ(ClientAddress("127.0.0.1", "203.0.113.9", {}), "127.0.0.1");
}

TEST(ClientAddress, AnUntrustedPeersHeaderIsIgnored) {
  const auto trusted = Networks({"10.0.0.0/8"});
  EXPECT_EQ(ClientAddress("198.51.100.7", "203.0.113.9", trusted), "198.51.100.7");
  EXPECT_EQ(ClientAddress("198.51.100.7", "10.0.0.1, 203.0.113.9", trusted), "198.51.100.7");
  // A peer we cannot parse (a scoped link-local address) is not trusted.
  EXPECT_EQ(ClientAddress("fe80::1%eth0", "203.0.113.9", Networks({"fe80::/10"})), "fe80::1%eth0");
}

TEST(ClientAddress, ATrustedPeerNamesTheRightmostUntrustedEntry) {
  const auto trusted = Networks({"127.0.0.1", "10.0.0.0/8"});
  EXPECT_EQ(ClientAddress("127.0.0.1", "203.0.113.9", trusted), "203.0.113.9");
  // The reader forged the first two entries; our proxy appended the third.
  EXPECT_EQ(ClientAddress("127.0.0.1", "1.1.1.1, 2.2.2.2, 203.0.113.9", trusted), "203.0.113.9");
  // A chain: reader -> 10.0.0.5 -> 10.0.0.6 -> peer.
  EXPECT_EQ(ClientAddress("10.0.0.7", "203.0.113.9, 10.0.0.5, 10.0.0.6", trusted), "203.0.113.9");
  // No header at all: a request straight from the proxy host itself.
  EXPECT_EQ(ClientAddress("127.0.0.1", "", trusted), "127.0.0.1");
}

TEST(ClientAddress, EveryEntryTrustedIsTheLeftmost) {
  const auto trusted = Networks({"10.0.0.0/8"});
  EXPECT_EQ(ClientAddress("10.0.0.9", "10.0.0.1, 10.0.0.2", trusted), "10.0.0.1");
}

TEST(ClientAddress, GarbageStopsTheWalkAtTheHopThatAppendedIt) {
  const auto trusted = Networks({"10.0.0.0/8"});
  // 10.0.0.6 appended "unknown": it is the last address we can vouch for.
  EXPECT_EQ(ClientAddress("10.0.0.9", "203.0.113.9, unknown, 10.0.0.6", trusted), "10.0.0.6");
  // The peer itself appended the garbage.
  EXPECT_EQ(ClientAddress("10.0.0.9", "10.0.0.1, 203.0.113.9:4711", trusted), "10.0.0.9");
  EXPECT_EQ(ClientAddress("10.0.0.9", "[2001:db8::1]", trusted), "10.0.0.9");
}

TEST(ClientAddress, ListSyntax) {
  const auto trusted = Networks({"10.0.0.0/8"});
  // Several header lines arrive joined with commas; spaces and tabs around
  // entries and empty elements are allowed.
  EXPECT_EQ(ClientAddress("10.0.0.9", "203.0.113.9,\t10.0.0.1 ,, ", trusted), "203.0.113.9");
  EXPECT_EQ(ClientAddress("10.0.0.9", " , ", trusted), "10.0.0.9");
}

TEST(ClientAddress, IPv6AndMappedAddresses) {
  const auto trusted = Networks({"::1", "fd00::/8", "10.0.0.0/8"});
  EXPECT_EQ(ClientAddress("::1", "2001:DB8:0::1, fd00::2", trusted), "2001:db8::1");
  EXPECT_EQ(ClientAddress("fd12::1", "203.0.113.9", trusted), "203.0.113.9");
  // A dual-stack socket shows an IPv4 proxy as ::ffff:10.0.0.1.
  EXPECT_EQ(ClientAddress("::ffff:10.0.0.1", "2001:db8::7", trusted), "2001:db8::7");
  EXPECT_EQ(ClientAddress("::2", "203.0.113.9", trusted), "::2");
}

}  // namespace
}  // namespace khabar::http
