#include "fixtures.h"

#include <genzoo/all.h>

#include <catch2/catch.hpp>

#include <fstream>

using namespace genzoo;

TEST_CASE("SHA-256 matches the FIPS 180-4 test vectors", "[sha256]") {
  CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  CHECK(sha256_hex(std::string(1000000, 'a')) ==
        "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST_CASE("sha256_file hashes a file's bytes", "[sha256]") {
  test::TempDir dir;
  std::ofstream(dir.path / "abc", std::ios::binary) << "abc";
  CHECK(sha256_file(dir.path / "abc") == sha256_hex("abc"));
  CHECK_THROWS_AS(sha256_file(dir.path / "missing"), Error);
}
