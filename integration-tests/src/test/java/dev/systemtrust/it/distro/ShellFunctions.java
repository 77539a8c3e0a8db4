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
