package dev.systemtrust.cli;

import dev.systemtrust.cli.check.CheckCommand;
import java.io.PrintStream;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;

/**
 * {@code systemtrust list|explain|check|help}: shows which certificates the OS trust store makes anchors, and why;
 * {@code check} diagnoses one TLS server ({@link CheckCommand}).
 *
 * <p>Exit codes: 0 success; 1 the trust store holds no anchor or could not be read (for {@code check}: the server is
 * not trusted); 2 usage error; 3 ({@code check}) could not connect.
 */
public final class SystemTrustCli {
    static final int OK = 0;
    static final int NO_ANCHORS = 1;
    static final int USAGE = 2;

    private final ReportSource source;
    private final PrintStream out;
    private final PrintStream err;

    SystemTrustCli(ReportSource source, PrintStream out, PrintStream err) {
        this.source = source;
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        System.exit(new SystemTrustCli(ReportSource.SYSTEM, System.out, System.err).run(args));
    }

    int run(String[] args) {
        String command = args.length == 0 ? "explain" : args[0];
        List<String> options = Arrays.asList(args).subList(Math.min(1, args.length), args.length);
        switch (command) {
            case "list":
                return new ListCommand(source, out, err).run(options);
            case "explain":
            case "doctor":
                return options.isEmpty() ? new ExplainCommand(source, out, err).run() : usage("explain takes no options");
            case "check":
                return new CheckCommand(source, System.getenv(), System::getProperty, Clock.systemUTC(), out, err)
                        .run(options);
            case "help":
            case "--help":
            case "-h":
                out.print(USAGE_TEXT);
                return OK;
            default:
                return usage("unknown command: " + command);
        }
    }

    private int usage(String problem) {
        err.println("systemtrust: " + problem);
        err.print(USAGE_TEXT);
        return USAGE;
    }

    static final String USAGE_TEXT = """
            Usage: systemtrust [command]
              explain   (default; alias: doctor) which backend was chosen, every place searched,
                        every certificate excluded or input skipped and why, and how to fix an empty store
              list      every trust anchor: alias, SHA-256, not-after, subject, source
              list --pem  every trust anchor as PEM, with its alias as a comment
            """ + CheckCommand.USAGE_TEXT + """
              help      this text
            Exit codes of explain and list: 0 ok, 1 no trusted certificate found (or the store could not be read),
            2 usage error.
            Options as system properties: -Dsystemtrust.backend=linux|macos|windows chooses the backend.
            """;
}
