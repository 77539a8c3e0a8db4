package dev.systemtrust.it.distro;

import dev.systemtrust.it.clients.PrintAnchors;
import dev.systemtrust.it.harness.ChildJvm;
import java.nio.file.Path;

/**
 * Bash functions for layout scripts run in a {@link dev.systemtrust.it.harness.FakeRoot}: recipes that build a
 * distribution's layout with its own tool, the SystemTrust probe, and OpenSSL as the reference. Results go to
 * stdout as {@code ANCHOR}, {@code ERROR}, {@code OPENSSL} and {@code BLOCK} lines. {@code $S} holds the test's
 * certificates {@code ca-<name>.pem} and one TLS server certificate per CA, {@code leaf-<name>.pem}.
 */
final class ShellFunctions {
    private static final String TEMPLATE = """
            S='%1$s'
            JAVA='%2$s'
            CLASSPATH_FOR_PROBE='%3$s'
            PROBE_CLASS='%4$s'
            # p11-kit's trust module reads the directories named in its init string: point it at this layout's.
            p11_trust_paths() {
              sed -i "s|^x-init-reserved:.*|x-init-reserved: paths=$1|" \\
                  /usr/share/p11-kit/modules/p11-kit-trust.module
            }
            # p11-kit sources as the distributions arrange them: $1 the admin's (/etc) path, read first, $2 the
            # package's (/usr) path. The package ships a, b, c; the admin adds local and blocklists b.
            p11_sources() {
              p11_trust_paths "$1:$2"
              mkdir -p "$1/anchors" "$1/blocklist" "$2/anchors"
              cp "$S/ca-a.pem" "$S/ca-b.pem" "$S/ca-c.pem" "$2/anchors/"
              cp "$S/ca-local.pem" "$1/anchors/"
              cp "$S/ca-b.pem" "$1/blocklist/"
            }
            # The server-auth anchors PEM bundle that Fedora, Arch and openSUSE extract.
            server_auth_bundle() { trust extract --format=pem-bundle --filter=ca-anchors --purpose=server-auth "$1"; }
            # Debian: CAs named in $@ go to /usr/share/ca-certificates/systemtrust and the config, "!name" deselected,
            # "+name" to /usr/local/share/ca-certificates; then the real tool builds /etc/ssl/certs.
            debian_layout() {
              rm -rf /etc/ssl/certs/* /usr/share/ca-certificates/* /usr/local/share/ca-certificates/*
              rm -f /etc/ca-certificates/update.d/*   # no Java keystore hook: only the OpenSSL layout matters
              mkdir -p /usr/share/ca-certificates/systemtrust
              : > /etc/ca-certificates.conf
              for entry in "$@"; do
                if [ "${entry#+}" != "$entry" ]; then
                  cp "$S/ca-${entry#+}.pem" "/usr/local/share/ca-certificates/${entry#+}.crt"
                  continue
                fi
                ca="${entry#!}"
                cp "$S/ca-$ca.pem" "/usr/share/ca-certificates/systemtrust/$ca.crt"
                echo "${entry%%$ca}systemtrust/$ca.crt" >> /etc/ca-certificates.conf
              done
              update-ca-certificates --fresh > /dev/null
            }
            # Fedora: the CAs are already in the p11-kit sources; extract as update-ca-trust does, link as Fedora does.
            fedora_extract() {
              mkdir -p /etc/pki/ca-trust/extracted/pem /etc/pki/ca-trust/extracted/openssl /etc/pki/tls/certs
              server_auth_bundle /etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem
              trust extract --format=openssl-bundle --filter=certificates \\
                  /etc/pki/ca-trust/extracted/openssl/ca-bundle.trust.crt
              ln -s /etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem /etc/pki/tls/certs/ca-bundle.crt
              ln -s /etc/pki/ca-trust/extracted/openssl/ca-bundle.trust.crt /etc/pki/tls/certs/ca-bundle.trust.crt
              ln -s /etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem /etc/pki/tls/cert.pem
              rm -rf /etc/ssl/certs
              ln -s /etc/pki/tls/certs /etc/ssl/certs
            }
            probe() {
              "$JAVA" -cp "$CLASSPATH_FOR_PROBE" "$PROBE_CLASS" || echo "PROBE-EXIT $?"
            }
            # OPENSSL <name> for each CA whose leaf OpenSSL accepts for a TLS server, with the given (or the
            # default) locations: OpenSSL's own server-auth anchors, trust and reject entries applied.
            openssl_reference() {
              for leaf in "$S"/leaf-*.pem; do
                name="${leaf##*/leaf-}"
                if openssl verify -purpose sslserver "$@" "$leaf" > /dev/null 2>&1; then
                  echo "OPENSSL ${name%%.pem}"
                fi
              done
            }
            # BLOCK <sha-256> [rejects-serverAuth] for each TRUSTED CERTIFICATE block of a bundle, as OpenSSL reads it.
            trusted_blocks() {
              blocks=$(mktemp -d)
              awk -v dir="$blocks" '/-----BEGIN/ { n++ } n { print > (dir "/" n ".pem") }' "$1"
              for block in "$blocks"/*.pem; do
                sum=$(openssl x509 -in "$block" -noout -fingerprint -sha256 | sed 's/.*=//; s/://g' | tr A-F a-f)
                if openssl x509 -in "$block" -noout -text | grep -A1 'Rejected Uses:' \\
                    | grep -q 'TLS Web Server Authentication'; then
                  echo "BLOCK $sum rejects-serverAuth"
                else
                  echo "BLOCK $sum"
                fi
              done
            }
            """;

    private ShellFunctions() {
    }

    static String prelude(Path share) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return TEMPLATE.formatted(share, java, ChildJvm.testClassPath(), PrintAnchors.class.getName());
    }
}
