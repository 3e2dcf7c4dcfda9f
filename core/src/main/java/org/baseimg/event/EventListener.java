package org.baseimg.event;

/** Receives the library's {@link Event}s. Called from the working thread; keep it quick. */
@FunctionalInterface
public interface EventListener {
  /** A listener that drops everything. */
  EventListener NONE = event -> {};

  void on(Event event);
}
