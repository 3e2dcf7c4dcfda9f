package org.baseimg.kconfig;

/**
 * The "what to do" half of the messages whose advice depends on the front end: a command line names
 * its options, a build plugin its settings, a program embedding the library its own calls. The
 * library words the problem and asks these for the remedy. Model: Jib's {@code HelpfulSuggestions}.
 *
 * <pre>{@code
 * KernelConfigs configs =
 *     KernelConfigs.create(events)
 *         .withSuggestions(
 *             new KconfigSuggestions(
 *                 "leave --source out to fetch Debian's linux-source package",
 *                 "pass --compat-cross-compile none for a config without COMPAT_VDSO"));
 * }</pre>
 *
 * @param fetchDebianSource how to have Debian's linux-source package fetched instead of giving a
 *     kernel tree, said after "give the top directory of an unpacked linux tree, or"
 * @param withoutCompatVdso how to make a config without the 32-bit compat vDSO when its compiler is
 *     missing, said after "install it, or"
 */
public record KconfigSuggestions(String fetchDebianSource, String withoutCompatVdso) {
  /** The wording for programs that call the library: it names no front end's options. */
  public static final KconfigSuggestions LIBRARY =
      new KconfigSuggestions(
          "give no source tree to fetch Debian's linux-source package",
          "set the compat cross-compile prefix to none for a config without COMPAT_VDSO");

  public KconfigSuggestions {
    if (fetchDebianSource == null || withoutCompatVdso == null) {
      throw new IllegalArgumentException("every suggestion needs a text");
    }
  }
}
