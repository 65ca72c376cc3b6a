package io.csgate.ingest.command;

import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code --progress auto|always|never}, in lower case as written on the command line. */
final class ProgressModeConverter implements ITypeConverter<SendCommand.ProgressMode> {

    @Override
    public SendCommand.ProgressMode convert(String value) {
        try {
            return SendCommand.ProgressMode.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException("expected auto, always or never, got '" + value + "'");
        }
    }
}
