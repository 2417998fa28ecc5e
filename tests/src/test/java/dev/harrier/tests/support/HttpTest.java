package dev.harrier.tests.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * A conformance test: runs once for every {@link Combination} (transport x scheduling), which
 * it receives as its first parameter. A test of something not every transport can do names it
 * in {@link #requires()} and runs for the combinations that can.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@ParameterizedTest(name = "[{0}]")
@ArgumentsSource(Combination.Source.class)
public @interface HttpTest {

    /** What the transport must be able to do for this test to run on it. */
    Capability[] requires() default {};
}
