package io.mybouncer.proxy.admin;

import static io.mybouncer.proxy.admin.ConsoleAnswer.Column.text;

import io.mybouncer.proxy.admin.ConsoleAnswer.Column;
import io.mybouncer.proxy.config.Setting;
import io.mybouncer.proxy.config.SettingList;
import io.mybouncer.proxy.log.Logging;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * SHOW CONFIG: the settings in force, one row each with the key as the file writes it, its value
 * (every secret as {@code ***}) and how it changes: {@code reload} or {@code restart}; the log level
 * is the one setting changed here ({@code SET log_level}).
 */
final class ShowConfig implements ConsoleCommand {
    private static final List<Column> COLUMNS = List.of(text("key"), text("value"), text("changed_by"));

    private final ProxyControl control;

    ShowConfig(ProxyControl control) {
        this.control = control;
    }

    @Override
    public ConsoleAnswer run(String argument, AdminSession caller) {
        List<List<String>> rows = new ArrayList<>();
        for (Setting setting : SettingList.of(control.config())) {
            rows.add(List.of(setting.key(), setting.value(), setting.reloadable() ? "reload" : "restart"));
        }
        rows.add(List.of("log_level", Logging.level().name().toLowerCase(Locale.ROOT), "SET log_level"));
        return new ConsoleAnswer.Table(COLUMNS, rows);
    }
}
