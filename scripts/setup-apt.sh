#!/usr/bin/env bash
# Debian packages the test layers need: Java for DynamoDB Local, Chromium for the workbench tests,
# what code-server's native modules build against, and the AWS CLI. Skips apt when everything is present.
set -euo pipefail
need=()
command -v java >/dev/null || need+=(openjdk-17-jre-headless)
command -v chromium >/dev/null || need+=(chromium)
command -v rg >/dev/null || need+=(ripgrep)
[ -e /usr/include/krb5.h ] || [ -e /usr/include/krb5/krb5.h ] || need+=(libkrb5-dev)
command -v pkg-config >/dev/null || need+=(pkg-config)
command -v curl >/dev/null || need+=(curl)
# Debian's AWS CLI: the generated CLI commands are run against DynamoDB Local in the tests, and it is the
# export benchmark's baseline.
[ -x /usr/bin/aws ] || need+=(awscli)
if [ ${#need[@]} -eq 0 ]; then echo "apt: nothing to install"; exit 0; fi
echo "apt: installing ${need[*]}"
SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
