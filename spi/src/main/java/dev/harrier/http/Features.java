package dev.harrier.http;

import java.util.IdentityHashMap;
import java.util.Map;

/** A small type-keyed collection of optional capabilities, like ASP.NET Core's features. */
public final class Features {

    private Map<Class<?>, Object> features;

    /** The feature of the given type, or {@code null} when not present. */
    public <T> T get(Class<T> type) {
        return features == null ? null : type.cast(features.get(type));
    }

    /** Adds or replaces a feature; {@code null} removes it. */
    public <T> void set(Class<T> type, T feature) {
        if (feature == null) {
            if (features != null) {
                features.remove(type);
            }
            return;
        }
        if (features == null) {
            features = new IdentityHashMap<>(4);
        }
        features.put(type, type.cast(feature));
    }
}
