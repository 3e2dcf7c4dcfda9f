package org.baseimg.profiles;

/**
 * A profile that ships with baseimg.
 *
 * @param name what {@code baseimg build NAME} takes
 * @param description its first comment line or description
 */
public record StockProfile(String name, String description) {}
