package org.baseimg.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code baseimg inspect}: placeholder until the reader lands. */
@Command(name = "inspect", mixinStandardHelpOptions = true, description = "Lists an initramfs.")
final class InspectCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    return ExitCode.FAILURE;
  }
}
