// VI / EN: two toggle buttons, the pressed one is the pane's language.
import { makeStyles, ToggleButton, tokens } from "@fluentui/react-components";
import { Lang } from "../../domain/messages";
import { S, useI18n } from "../i18n";

const useStyles = makeStyles({
  group: { display: "flex", gap: tokens.spacingHorizontalXXS, flexShrink: 0 },
});

const CHOICES: { lang: Lang; short: string }[] = [
  { lang: "vi", short: "VI" },
  { lang: "en", short: "EN" },
];

export function LanguageSwitch() {
  const { lang, setLang, t } = useI18n();
  const styles = useStyles();
  return (
    <div role="group" aria-label={t(S.language)} className={styles.group}>
      {CHOICES.map((c) => (
        <ToggleButton
          key={c.lang}
          size="small"
          appearance="subtle"
          checked={lang === c.lang}
          onClick={() => setLang(c.lang)}
          title={t(c.lang === "vi" ? S.langVi : S.langEn)}
          lang={c.lang}
        >
          {c.short}
        </ToggleButton>
      ))}
    </div>
  );
}
