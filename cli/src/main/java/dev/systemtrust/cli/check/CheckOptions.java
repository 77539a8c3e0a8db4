package dev.systemtrust.cli.check;

import java.time.Duration;
import java.util.List;

/**
 * The arguments of {@code check}: one target, and {@code --json}, {@code --proxy host:port|none},
 * {@code --timeout seconds} in any order ({@code --name value} or {@code --name=value}).
 */
record CheckOptions(CheckTarget target, boolean json, String proxy, Duration timeout) {
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    private static final int MAX_TIMEOUT_SECONDS = 600;

    static CheckOptions parse(List<String> arguments) throws UsageException {
        String target = null;
        boolean json = false;
        String proxy = null;
        Duration timeout = DEFAULT_TIMEOUT;
        for (int i = 0; i < arguments.size(); i++) {
            String argument = arguments.get(i);
            String name = argument.contains("=") ? argument.substring(0, argument.indexOf('=')) : argument;
            boolean inline = argument.contains("=") && argument.startsWith("--");
            switch (inline ? name : argument) {
                case "--json" -> json = true;
                case "--proxy" -> proxy = inline ? argument.substring(name.length() + 1) : value(arguments, ++i, name);
                case "--timeout" -> timeout = timeout(inline ? argument.substring(name.length() + 1)
                        : value(arguments, ++i, name));
                default -> {
                    if (argument.startsWith("-")) {
                        throw new UsageException("check: unknown option " + argument);
                    }
                    if (target != null) {
                        throw new UsageException("check takes one server, not both " + target + " and " + argument);
                    }
                    target = argument;
                }
            }
        }
        if (target == null) {
            throw new UsageException("check needs a server: systemtrust check https://host[:port] or host[:port]");
        }
        return new CheckOptions(CheckTarget.parse(target), json, proxy, timeout);
    }

    private static String value(List<String> arguments, int index, String option) throws UsageException {
        if (index >= arguments.size()) {
            throw new UsageException("check: " + option + " needs a value");
        }
        return arguments.get(index);
    }

    private static Duration timeout(String text) throws UsageException {
        try {
            int seconds = Integer.parseInt(text.strip());
            if (seconds >= 1 && seconds <= MAX_TIMEOUT_SECONDS) {
                return Duration.ofSeconds(seconds);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException("check: --timeout takes whole seconds from 1 to " + MAX_TIMEOUT_SECONDS + ", not '"
                + text + "'");
    }
}
