package dev.systemtrust.cli.check;

import dev.systemtrust.spi.ExcludedCertificate;
import dev.systemtrust.spi.IntermediateCertificate;
import dev.systemtrust.spi.IssuerSignature;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Explains a served chain against one trust store: starting from the server's certificate, follows each
 * certificate to the one whose key signed it (among those the server sent first, then the store's anchors, then
 * the certificates the store lists for path building) until it reaches an anchor, or shows where the path breaks.
 * This names the anchor and the missing or refused link for people; whether the chain is trusted is the trust
 * managers' decision, never this class's.
 */
final class IssuerWalk {
    private static final int MAX_LINKS = 12;

    private IssuerWalk() {
    }

    /** How the walk ended. */
    enum Ending {
        /** The last link is an anchor of the store. */
        ANCHOR,
        /** The last link is self-signed and not an anchor. */
        SELF_SIGNED,
        /** No certificate the server sent or the store holds signed the last link. */
        UNKNOWN_ISSUER,
        /** The store knows the issuer of the last link but refuses it ({@link WalkedPath#refusedIssuer}). */
        REFUSED_ISSUER,
        /** The certificates refer to each other in a loop, or the path is implausibly long. */
        NO_END
    }

    /**
     * One certificate of the path.
     *
     * @param certificate the certificate
     * @param served      the server sent it
     * @param anchor      it is (or has the subject and key of) an anchor of the store
     * @param alias       the store's name for it (anchors), else {@code null}
     * @param source      where the store lists it (anchors and path-building certificates), else {@code null}
     */
    record Link(X509Certificate certificate, boolean served, boolean anchor, String alias, String source) {
        /** Neither sent by the server nor an anchor: the store supplied it for path building. */
        boolean suppliedByStore() {
            return !served && !anchor;
        }
    }

    /** The path found, leaf first, and how it ended. */
    record WalkedPath(List<Link> links, Ending ending, Optional<ExcludedCertificate> refusedIssuer) {
        Optional<Link> anchor() {
            Link last = links.get(links.size() - 1);
            return ending == Ending.ANCHOR ? Optional.of(last) : Optional.empty();
        }

        Link last() {
            return links.get(links.size() - 1);
        }

        /** The certificates a validator checks (everything before the anchor), leaf first. */
        List<X509Certificate> certificatesBelowAnchor() {
            List<X509Certificate> certificates = new ArrayList<>();
            for (Link link : links) {
                if (!link.anchor()) {
                    certificates.add(link.certificate());
                }
            }
            return certificates;
        }
    }

    static WalkedPath walk(List<X509Certificate> served, TrustView store) {
        List<Link> links = new ArrayList<>();
        X509Certificate current = served.get(0);
        boolean currentServed = true;
        String currentSource = null;
        while (links.size() < MAX_LINKS) {
            Optional<TrustView.Anchor> anchor = store.anchorFor(current);
            if (anchor.isPresent()) {
                links.add(new Link(current, currentServed, true, anchor.get().alias(), anchor.get().source()));
                return new WalkedPath(links, Ending.ANCHOR, Optional.empty());
            }
            links.add(new Link(current, currentServed, false, null, currentSource));
            if (IssuerSignature.selfSigned(current)) {
                return new WalkedPath(links, Ending.SELF_SIGNED, Optional.empty());
            }
            Optional<X509Certificate> sentIssuer = issuerAmong(current, served, links);
            if (sentIssuer.isPresent()) {
                current = sentIssuer.get();
                currentServed = true;
                currentSource = null;
                continue;
            }
            for (TrustView.Anchor candidate : store.anchors()) {
                if (IssuerSignature.issued(candidate.certificate(), current)) {
                    links.add(new Link(candidate.certificate(), false, true, candidate.alias(), candidate.source()));
                    return new WalkedPath(links, Ending.ANCHOR, Optional.empty());
                }
            }
            Optional<IntermediateCertificate> listed = Optional.empty();
            for (IntermediateCertificate candidate : store.intermediates()) {
                X509Certificate certificate = candidate.certificate();
                if (IssuerSignature.issued(certificate, current) && !contains(links, certificate)) {
                    listed = Optional.of(candidate);
                    break;
                }
            }
            if (listed.isPresent()) {
                current = listed.get().certificate();
                currentServed = false;
                currentSource = listed.get().source();
                continue;
            }
            for (ExcludedCertificate refused : store.excluded()) {
                if (IssuerSignature.issued(refused.certificate(), current)) {
                    return new WalkedPath(links, Ending.REFUSED_ISSUER, Optional.of(refused));
                }
            }
            return new WalkedPath(links, Ending.UNKNOWN_ISSUER, Optional.empty());
        }
        return new WalkedPath(links, Ending.NO_END, Optional.empty());
    }

    private static Optional<X509Certificate> issuerAmong(X509Certificate subject, List<X509Certificate> candidates,
            List<Link> path) {
        for (X509Certificate candidate : candidates) {
            if (!contains(path, candidate) && IssuerSignature.issued(candidate, subject)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static boolean contains(List<Link> path, X509Certificate certificate) {
        for (Link link : path) {
            if (link.certificate().equals(certificate)) {
                return true;
            }
        }
        return false;
    }
}
