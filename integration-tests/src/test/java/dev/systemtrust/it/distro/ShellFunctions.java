package dev.systemtrust.it.distro;

import java.nio.file.Path;

/**
 * The bash functions a layout script uses inside the namespace. Every program runs with a cleared environment
 * ({@code env -i}): this machine exports {@code SSL_CERT_FILE}/{@code SSL_CERT_DIR}, which would otherwise
 * override the layout under test. Only {@code export_env} adds variables, for the probe and OpenSSL alike.
 */
final class ShellFunctions {
    private static final String TEMPLATE = """
            S='%1$s'
            JAVA='%2$s'
            CLASSPATH_FOR_PROBE='%3$s'
            CHILD_ENV=(PATH=/usr/bin:/bin:/usr/sbin:/sbin)
            export_env() { CHILD_ENV+=("$@"); }
            # p11-kit's trust module reads the directories named in its init string: point it at this layout's.
            p11_trust_paths() {
              sed -i "s|^x-init-reserved:.*|x-init-reserved: paths=$1|" \\
                  /usr/share/p11-kit/modules/p11-kit-trust.module
            }
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
              update-ca-certificates --fresh
            }
            # The server-auth anchors PEM bundle that Fedora, Arch and openSUSE extract.
            server_auth_bundle() { trust extract --format=pem-bundle --filter=ca-anchors --purpose=server-auth "$1"; }
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
              trusted_blocks /etc/pki/tls/certs/ca-bundle.trust.crt > "$S/openssl-bundle-blocks.txt"
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
            probe() {
              set +e
              env -i "${CHILD_ENV[@]}" "$JAVA" -cp "$CLASSPATH_FOR_PROBE" dev.systemtrust.it.distro.AnchorProbe \\
                  > "$S/probe.out" 2> "$S/probe.err"
              echo $? > "$S/probe.rc"
              set -e
            }
            # Names of the CAs whose leaf OpenSSL accepts for a TLS server with the given (or default) locations.
            openssl_reference() {
              : > "$S/openssl.out"
              for leaf in "$S"/leaf-*.pem; do
                name="${leaf##*/leaf-}"
                if env -i "${CHILD_ENV[@]}" openssl verify -purpose sslserver "$@" "$leaf" > /dev/null 2>&1; then
                  echo "${name%%.pem}" >> "$S/openssl.out"
                fi
              done
            }
            # SHA-256 of every CA certificate Python's ssl module loads from the given files (else default paths).
            python_reference() {
              env -i "${CHILD_ENV[@]}" /usr/bin/python3 -c '
            import hashlib, ssl, sys
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
            if len(sys.argv) > 1:
                for name in sys.argv[1:]:
                    context.load_verify_locations(cafile=name)
            else:
                context.load_default_certs()
            for der in context.get_ca_certs(binary_form=True):
                print(hashlib.sha256(der).hexdigest())
            ' "$@" > "$S/python.out"
            }
            # "<sha-256> rejects-serverAuth?" for each TRUSTED CERTIFICATE block of a bundle, as OpenSSL reads it.
            trusted_blocks() {
              rm -rf "$S/blocks"; mkdir "$S/blocks"
              awk -v dir="$S/blocks" '/-----BEGIN/ { n++ } n { print > (dir "/" n ".pem") }' "$1"
              for block in "$S"/blocks/*.pem; do
                sum=$(openssl x509 -in "$block" -noout -fingerprint -sha256 | sed 's/.*=//; s/://g' | tr A-F a-f)
                if openssl x509 -in "$block" -noout -text | grep -A1 'Rejected Uses:' \\
                    | grep -q 'TLS Web Server Authentication'; then
                  echo "$sum rejects-serverAuth"
                else
                  echo "$sum"
                fi
              done
            }
            """;

    private ShellFunctions() {
    }

    static String prelude(Path share, String java, String classPath) {
        return TEMPLATE.formatted(share, java, classPath);
    }
}
