//! `sflint.schema.json`, the JSON Schema of `sflint.toml`, is generated from the settings
//! types (schemars): the committed file must equal the generated one
//! (`SFLINT_BLESS=1 cargo test --test config_schema` rewrites it). Every example
//! configuration (the README's `sflint.toml` blocks, the `sflint.toml` files of testdata/
//! that sflint accepts, and what `sflint init` writes) validates against it, and invalid
//! ones do not.

mod common;

use serde_json::Value;

use common::{TempDir, repo_root, run_in};

const SCHEMA: &str = "sflint.schema.json";

#[test]
fn committed_schema_is_generated() {
    let generated = sflint::config::schema::json_schema();
    let path = repo_root().join(SCHEMA);
    if std::env::var_os("SFLINT_BLESS").is_some() {
        std::fs::write(&path, &generated).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "{SCHEMA} differs from the settings types: run SFLINT_BLESS=1 cargo test --test config_schema"
    );
}

fn schema() -> Value {
    serde_json::from_str(&sflint::config::schema::json_schema()).unwrap()
}

/// The errors of `value` against `schema` (the subset of JSON Schema schemars writes).
fn validate(root: &Value, schema: &Value, value: &Value, at: &str, errors: &mut Vec<String>) {
    if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
        let mut target = root;
        for part in r.trim_start_matches("#/").split('/') {
            target = &target[part];
        }
        return validate(root, target, value, at, errors);
    }
    if let Some(types) = schema.get("type") {
        let types: Vec<&str> = match types {
            Value::String(s) => vec![s.as_str()],
            Value::Array(a) => a.iter().filter_map(Value::as_str).collect(),
            _ => vec![],
        };
        let actual = match value {
            Value::Null => "null",
            Value::Bool(_) => "boolean",
            Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
            Value::Number(_) => "number",
            Value::String(_) => "string",
            Value::Array(_) => "array",
            Value::Object(_) => "object",
        };
        if !types
            .iter()
            .any(|t| *t == actual || (*t == "number" && actual == "integer"))
        {
            errors.push(format!("{at}: {actual} is not {types:?}"));
            return;
        }
    }
    for key in ["anyOf", "oneOf"] {
        if let Some(options) = schema.get(key).and_then(Value::as_array) {
            let passing = options
                .iter()
                .filter(|o| {
                    let mut e = Vec::new();
                    validate(root, o, value, at, &mut e);
                    e.is_empty()
                })
                .count();
            if passing == 0 || (key == "oneOf" && passing > 1) {
                errors.push(format!("{at}: matches {passing} of the {key} options"));
                // Say why each option failed.
                for o in options {
                    validate(root, o, value, at, errors);
                }
            }
        }
    }
    if let Some(options) = schema.get("enum").and_then(Value::as_array)
        && !options.contains(value)
    {
        errors.push(format!("{at}: {value} is not one of {options:?}"));
    }
    if let (Some(items), Value::Array(values)) = (schema.get("items"), value) {
        for (i, v) in values.iter().enumerate() {
            validate(root, items, v, &format!("{at}[{i}]"), errors);
        }
    }
    if let Value::Object(map) = value {
        let props = schema.get("properties").and_then(Value::as_object);
        for required in schema
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let key = required.as_str().unwrap();
            if !map.contains_key(key) {
                errors.push(format!("{at}: `{key}` is required"));
            }
        }
        for (k, v) in map {
            let here = format!("{at}.{k}");
            match (
                props.and_then(|p| p.get(k)),
                schema.get("additionalProperties"),
            ) {
                (Some(s), _) => validate(root, s, v, &here, errors),
                (None, Some(Value::Bool(false))) => errors.push(format!("{here}: unknown key")),
                (None, Some(extra @ Value::Object(_))) => validate(root, extra, v, &here, errors),
                _ => {}
            }
        }
    }
}

fn errors_of(toml_text: &str) -> Vec<String> {
    let value: toml::Value = toml::from_str(toml_text).expect("TOML");
    let value = serde_json::to_value(value).unwrap();
    let schema = schema();
    let mut errors = Vec::new();
    validate(&schema, &schema, &value, "sflint.toml", &mut errors);
    errors
}

/// `sflint.toml` blocks of the README: those that start with or hold a top-level key of
/// the file (policy files hold only `[[policy]]`, which the file takes too).
fn readme_configs() -> Vec<String> {
    let readme = std::fs::read_to_string(repo_root().join("README.md")).unwrap();
    readme
        .split("```toml\n")
        .skip(1)
        .map(|b| b.split("```").next().unwrap().to_string())
        .collect()
}

#[test]
fn every_example_config_validates() {
    let mut checked = 0;
    for (i, block) in readme_configs().iter().enumerate() {
        let errors = errors_of(block);
        assert!(
            errors.is_empty(),
            "README toml block {i}:\n{block}\n{errors:#?}"
        );
        checked += 1;
    }
    assert!(checked >= 5, "{checked}");
    let mut files = Vec::new();
    for entry in walk(&repo_root().join("testdata")) {
        if entry.file_name().is_some_and(|n| n == "sflint.toml") {
            files.push(entry);
        }
    }
    assert!(!files.is_empty());
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        // A fixture sflint rejects on purpose may break the schema too; one it accepts
        // must not.
        let dir = file.parent().unwrap();
        let accepted = run_in(
            dir,
            &[
                "check",
                "--config",
                file.to_str().unwrap(),
                "--fail-on",
                "error",
                ".",
            ],
        )
        .code
            != 2;
        let errors = toml::from_str::<toml::Value>(&text).map(|_| errors_of(&text));
        if accepted {
            let errors = errors.expect("an accepted config is TOML");
            assert!(errors.is_empty(), "{}:\n{errors:#?}", file.display());
        }
    }
}

#[test]
fn init_writes_a_valid_config_with_the_schema_directive() {
    let t = TempDir::sfdx("schema-init");
    t.write("force-app/main/default/.keep", "");
    let r = run_in(t.path(), &["init"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let text = std::fs::read_to_string(t.path().join("sflint.toml")).unwrap();
    assert!(
        text.starts_with(&format!("#:schema {}\n", sflint::init::SCHEMA_URL)),
        "{text}"
    );
    assert!(
        sflint::init::SCHEMA_URL
            .ends_with(&format!("sflint/v{}/{SCHEMA}", env!("CARGO_PKG_VERSION")))
    );
    let errors = errors_of(&text);
    assert!(errors.is_empty(), "{text}\n{errors:#?}");
}

#[test]
fn invalid_configs_do_not_validate() {
    assert!(errors_of("select = [\"PM\"]\nfail-on = \"error\"\n").is_empty());
    let bad = errors_of("selects = [\"PM\"]\n");
    assert!(
        bad.iter().any(|e| e.contains("selects: unknown key")),
        "{bad:?}"
    );
    let bad = errors_of("select = \"PM\"\n");
    assert!(!bad.is_empty());
    let bad = errors_of("[[integration.principal]]\nprofile = \"X\"\n");
    assert!(
        bad.iter().any(|e| e.contains("`name` is required")),
        "{bad:?}"
    );
    let bad = errors_of("[[policy]]\ncode = \"X001\"\nname = \"x\"\n[policy.forbid]\nobject = 3\n");
    assert!(!bad.is_empty(), "{bad:?}");
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = entry.path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}
