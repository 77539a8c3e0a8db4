package dev.systemtrust.cli.check;

import dev.systemtrust.AliasAssigner;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The check report as a stable JSON document ({@value #SCHEMA}): every key is always present, {@code null} when it
 * does not apply, so scripts need no existence tests. The README documents each key; a change of meaning gets a new
 * schema name.
 */
final class JsonReport {
    static final String SCHEMA = "systemtrust-check/1";

    private JsonReport() {
    }

    static String render(CheckReport report) {
        Map<String, Object> document = Json.object();
        document.put("schema", SCHEMA);
        Map<String, Object> target = Json.object();
        target.put("host", report.target().host());
        target.put("port", report.target().port());
        document.put("target", target);
        Map<String, Object> route = Json.object();
        route.put("proxy", report.route().proxy().map(ProxyRoute.Proxy::address).orElse(null));
        route.put("reason", report.route().reason());
        document.put("route", route);
        document.put("connectError", report.handshake().isPresent() ? null : report.connectError());
        document.put("handshake", report.handshake().map(JsonReport::handshake).orElse(null));
        List<X509Certificate> chain = report.handshake().map(ServedChainProbe.Handshake::chain).orElse(List.of());
        List<Object> certificates = new ArrayList<>();
        chain.forEach(certificate -> certificates.add(certificate(CertificateFacts.of(certificate))));
        document.put("chain", certificates);
        document.put("systemTrust", report.systemTrust().map(judgement -> {
            Map<String, Object> store = Json.object();
            store.put("backend", report.backendId());
            store.putAll(store(judgement, chain));
            return store;
        }).orElse(null));
        document.put("jdk", report.jdk().map(judgement -> store(judgement, chain)).orElse(null));
        document.put("hostName", report.handshake().map(handshake -> {
            Map<String, Object> host = Json.object();
            host.put("name", handshake.hostName().name());
            host.put("matches", handshake.hostName().matches());
            host.put("message", handshake.hostName().matches() ? null : handshake.hostName().detail());
            return host;
        }).orElse(null));
        document.put("verdict", report.verdict().code());
        List<Object> problems = new ArrayList<>();
        for (Problem problem : report.problems()) {
            Map<String, Object> entry = Json.object();
            entry.put("verdict", problem.verdict().code());
            entry.put("message", problem.message());
            problems.add(entry);
        }
        document.put("problems", problems);
        document.put("fix", report.fix().orElse(null));
        document.put("notes", new ArrayList<Object>(report.notes()));
        document.put("exitCode", report.exitCode());
        return Json.write(document);
    }

    private static Map<String, Object> handshake(ServedChainProbe.Handshake handshake) {
        Map<String, Object> entry = Json.object();
        entry.put("protocol", handshake.protocol());
        entry.put("cipherSuite", handshake.cipherSuite());
        entry.put("problem", handshake.handshakeProblem().isEmpty() ? null : handshake.handshakeProblem());
        return entry;
    }

    private static Map<String, Object> certificate(CertificateFacts facts) {
        Map<String, Object> entry = Json.object();
        entry.put("subject", facts.subject());
        entry.put("issuer", facts.issuer());
        entry.put("notBefore", facts.notBefore().toString());
        entry.put("notAfter", facts.notAfter().toString());
        entry.put("keyAlgorithm", facts.keyAlgorithm());
        entry.put("keyBits", facts.keyBits() > 0 ? facts.keyBits() : null);
        entry.put("signatureAlgorithm", facts.signatureAlgorithm());
        entry.put("sha256", facts.sha256());
        entry.put("selfSigned", facts.selfSigned());
        entry.put("names", new ArrayList<Object>(facts.names()));
        entry.put("weaknesses", new ArrayList<Object>(facts.weaknesses()));
        return entry;
    }

    private static Map<String, Object> store(StoreJudgement judgement, List<X509Certificate> chain) {
        Map<String, Object> entry = Json.object();
        entry.put("store", judgement.store());
        entry.put("trusted", judgement.decision().accepted());
        entry.put("message", judgement.decision().accepted() ? null : judgement.decision().message());
        entry.put("path", judgement.path().map(path -> {
            List<Object> links = new ArrayList<>();
            path.links().forEach(link -> links.add(link(link, chain)));
            return (Object) links;
        }).orElse(null));
        entry.put("pathEnd", judgement.path().map(path -> path.ending().name().toLowerCase(Locale.ROOT)
                .replace('_', '-')).orElse(null));
        entry.put("pathUnavailable", judgement.path().isPresent() ? null : judgement.pathUnavailable());
        entry.put("anchor", judgement.path().flatMap(IssuerWalk.WalkedPath::anchor)
                .map(anchor -> link(anchor, chain)).orElse(null));
        return entry;
    }

    private static Map<String, Object> link(IssuerWalk.Link link, List<X509Certificate> chain) {
        Map<String, Object> entry = Json.object();
        int index = chain.indexOf(link.certificate());
        entry.put("subject", ChainProblems.name(link.certificate()));
        entry.put("sha256", AliasAssigner.sha256Hex(link.certificate()));
        entry.put("sentAt", index >= 0 ? index : null);
        entry.put("anchor", link.anchor());
        entry.put("alias", link.alias());
        entry.put("source", link.source());
        return entry;
    }
}
