package io.csgate.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class ConfigExceptionTest {

    @Test
    void theMessageIsAlwaysOneLine() {
        IOException cause = new IOException("disk\nfull");

        ConfigException e = new ConfigException("cannot read config file 'x.ini': disk\n  full\r\nnow", cause);

        assertThat(e).hasMessage("cannot read config file 'x.ini': disk full now").hasCause(cause);
        assertThat(new ConfigException("a\rb")).hasMessage("a b").isInstanceOf(RuntimeException.class);
    }
}
