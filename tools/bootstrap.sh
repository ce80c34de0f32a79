#!/usr/bin/env bash
# Installs the Debian packages milvus-jobs builds and tests with, when missing.
# Safe to run again: it installs nothing that is already there.
set -euo pipefail

packages=(
  cmake ninja-build g++ gcc make pkg-config
  python3 python3-venv   # the Python binding's venvs, the bench harness, the dev server's Parquet
                         # library (tools/devserver/deps.sh) and the BulkWriter test files (tests/devserver)
  python3-dev            # Python.h: the Python binding's extension module (milvus_jobs._native)
  libcurl4-openssl-dev   # HTTP (the library)
  libssl-dev             # OpenSSL (the dev server's TLS session context for client certificates)
  rapidjson-dev          # JSON (the library's codec)
  nlohmann-json3-dev     # JSON (dev server, tests)
  libcpp-httplib-dev     # HTTP server (dev server)
  libgtest-dev           # GoogleTest (tests)
  valgrind               # memcheck run of the dlopen test
  openssl                # test certificates for the https and mutual TLS tests
  tinyproxy microsocks   # http and socks5 proxies on loopback for the proxy tests
  clang-format clang-tidy  # lint tests (tools/lint.sh)
  clang-14 libclang-rt-14-dev  # libFuzzer target over the JSON decoders (tests/fuzz)
  ccache                 # the bindings compile the core again (pip, npm, cargo): cached once
  groff-base zsh         # the CLI's man page rendered, its zsh completion run (tests/install/run_cli_docs_test.sh)
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "bootstrap: installing ${missing[*]}" >&2
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "bootstrap: need root or sudo to apt-get install ${missing[*]}" >&2; exit 1; }
  sudo="sudo"
fi
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
