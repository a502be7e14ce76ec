//! A gnuflag-style argv parser, as Juju's hook tools parse their arguments: `-f X`, `-f=X`,
//! `--flag X`, `--flag=X`, flags interspersed with positionals, `--` ends flags, a lone `-` is
//! a positional.

use std::collections::BTreeMap;

/// One flag a tool accepts.
#[derive(Debug, Clone, Copy)]
pub struct Flag {
    /// Every spelling without dashes; the first is the canonical name.
    pub names: &'static [&'static str],
    /// Whether the flag takes a value (otherwise it is boolean).
    pub takes_value: bool,
}

/// A flag that takes a value.
pub const fn value(names: &'static [&'static str]) -> Flag {
    Flag {
        names,
        takes_value: true,
    }
}

/// A boolean flag.
pub const fn switch(names: &'static [&'static str]) -> Flag {
    Flag {
        names,
        takes_value: false,
    }
}

/// Parsed arguments.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Args {
    /// Canonical flag name → value (`"true"`/`"false"` for boolean flags).
    pub flags: BTreeMap<&'static str, String>,
    /// Arguments that are not flags, in order (everything after `--` among them).
    pub positionals: Vec<String>,
}

impl Args {
    /// The value of a value flag.
    pub fn value(&self, name: &str) -> Option<&str> {
        self.flags.get(name).map(String::as_str)
    }

    /// Whether a boolean flag is set (and not set to false).
    pub fn is_set(&self, name: &str) -> bool {
        self.flags.get(name).is_some_and(|v| v == "true")
    }
}

/// Parse `argv` (without the program name) against `flags`. The error is the message Juju
/// prints (without `ERROR `); the tool exits 2.
pub fn parse(argv: &[String], flags: &[Flag]) -> Result<Args, String> {
    let mut out = Args::default();
    let mut iter = argv.iter();
    while let Some(arg) = iter.next() {
        if arg == "--" {
            out.positionals.extend(iter.by_ref().cloned());
            break;
        }
        let Some(body) = arg.strip_prefix('-').filter(|b| !b.is_empty()) else {
            out.positionals.push(arg.clone());
            continue;
        };
        let body = body.strip_prefix('-').unwrap_or(body);
        let (name, inline) = match body.split_once('=') {
            Some((name, value)) => (name, Some(value.to_owned())),
            None => (body, None),
        };
        let flag = flags
            .iter()
            .find(|f| f.names.contains(&name))
            .ok_or_else(|| format!("option provided but not defined: {arg}"))?;
        let canonical = flag.names[0];
        let value = if flag.takes_value {
            match inline {
                Some(value) => value,
                None => iter
                    .next()
                    .cloned()
                    .ok_or_else(|| format!("flag needs an argument: {arg}"))?,
            }
        } else {
            match inline.as_deref() {
                None => "true".to_owned(),
                Some("true" | "True" | "TRUE" | "1" | "t" | "T") => "true".to_owned(),
                Some("false" | "False" | "FALSE" | "0" | "f" | "F") => "false".to_owned(),
                Some(other) => {
                    return Err(format!("invalid boolean value {other:?} for flag {arg}"));
                }
            }
        };
        out.flags.insert(canonical, value);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const FLAGS: &[Flag] = &[
        value(&["r", "relation"]),
        switch(&["app"]),
        value(&["format"]),
    ];

    fn argv(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn both_value_styles_and_interspersed_positionals() {
        let a = parse(
            &argv(&["-r=gateway:1", "-", "--app", "flask", "--format", "json"]),
            FLAGS,
        )
        .unwrap();
        assert_eq!(a.value("r"), Some("gateway:1"));
        assert!(a.is_set("app"));
        assert_eq!(a.value("format"), Some("json"));
        assert_eq!(a.positionals, argv(&["-", "flask"]));

        let b = parse(&argv(&["--relation", "gateway:1", "--app=False"]), FLAGS).unwrap();
        assert_eq!(b.value("r"), Some("gateway:1"));
        assert!(!b.is_set("app"));
    }

    #[test]
    fn double_dash_ends_flags() {
        let a = parse(&argv(&["--", "-r", "--app"]), FLAGS).unwrap();
        assert_eq!(a.positionals, argv(&["-r", "--app"]));
        assert!(a.flags.is_empty());
    }

    #[test]
    fn errors() {
        assert_eq!(
            parse(&argv(&["--bogus"]), FLAGS),
            Err("option provided but not defined: --bogus".to_owned())
        );
        assert_eq!(
            parse(&argv(&["-r"]), FLAGS),
            Err("flag needs an argument: -r".to_owned())
        );
    }
}
