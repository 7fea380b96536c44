package dev.jslab.local.cli;

import dev.jslab.engine.protocol.ClientAuth;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The client authentication options of {@code jslab server}: a token, or a user and password
 * (nats-server's {@code authorization} block), for every node. A picocli mixin; not thread-safe.
 */
public final class AuthOptions {
  @Spec(Spec.Target.MIXEE)
  CommandSpec command;

  @Option(
      names = "--auth-token",
      paramLabel = "TOKEN",
      description = "Clients must connect with this token. Not with --user/--password.")
  String token;

  @Option(
      names = "--user",
      paramLabel = "USER",
      description = "Clients must connect with this user and the --password.")
  String user;

  @Option(
      names = "--password",
      paramLabel = "PASSWORD",
      description = "The password that goes with --user.")
  String password;

  /**
   * The authentication these options ask for, after checking them: misuse becomes a picocli
   * {@link ParameterException}, reported in one line with exit code 2.
   */
  public ClientAuth toAuth() {
    if (token != null && (user != null || password != null)) {
      throw bad("--auth-token cannot be used together with --user/--password");
    }
    if (token != null) {
      if (token.isEmpty()) {
        throw bad("--auth-token must not be empty");
      }
      return ClientAuth.token(token);
    }
    if (user == null && password == null) {
      return ClientAuth.none();
    }
    if (user == null) {
      throw bad("--password needs --user");
    }
    if (password == null) {
      throw bad("--user needs --password");
    }
    if (user.isEmpty()) {
      throw bad("--user must not be empty");
    }
    return ClientAuth.userPassword(user, password);
  }

  private ParameterException bad(String message) {
    return new ParameterException(command.commandLine(), message);
  }
}
