# shellcheck shell=bash
# The Debian packages this project's tests, offline twin and CI lint run, and how to tell whether
# each is there. Sourced by .ci/setup (installs what is missing) and .ci/preflight (npm test fails
# with the list instead of half-running).
#   apache2:    the instances' httpd behind verify's stand-ins (test/verify)
#   haproxy:    the load balancers of the local twin (tools/twin)
#   openssl:    certificates for the stand-ins and the twin
#   (and) shellcheck: CI lint of every shell script (.ci/checks)

# Where binaries are looked for: PATH plus the sbin directories a non-root PATH often lacks.
# CI_PACKAGE_SEARCH_PATH replaces it (the tests point it at an empty directory).
ci_search_path() {
    printf '%s' "${CI_PACKAGE_SEARCH_PATH:-$PATH:/usr/sbin:/sbin:/usr/local/sbin}"
}

# The binary each package provides.
ci_package_binary() {
    case "$1" in
        apache2) echo apache2 ;;
        haproxy) echo haproxy ;;
        openssl) echo openssl ;;
        shellcheck) echo shellcheck ;;
        *) echo "$1" ;;
    esac
}

ci_has_binary() {
    local dir
    local IFS=:
    for dir in $(ci_search_path); do
        if [ -n "$dir" ] && [ -x "$dir/$1" ]; then return 0; fi
    done
    return 1
}

# Prints the packages of "$@" whose binary is missing, one per line.
ci_missing_packages() {
    local pkg
    for pkg in "$@"; do
        ci_has_binary "$(ci_package_binary "$pkg")" || echo "$pkg"
    done
}

# Packages npm test needs, and every package CI needs.
CI_TEST_PACKAGES=(apache2 haproxy openssl)
CI_ALL_PACKAGES=(apache2 haproxy openssl shellcheck)
export CI_TEST_PACKAGES CI_ALL_PACKAGES
