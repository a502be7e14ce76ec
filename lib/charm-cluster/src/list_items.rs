//! Reading the items of a LIST response one at a time, as they are parsed: a hook at a few
//! hundred relations lists a thousand objects, and holding them all as JSON trees at once (before
//! each is reduced to what the charm keeps of it) was most of its memory.

use std::fmt;

use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

/// Parse `text`, a Kubernetes LIST response, passing each of its `items` to `each` in order;
/// the rest of the response is skipped. `"items": null` (what an empty metadata-only LIST
/// answers) is no items.
pub(crate) fn each_item(text: &str, each: impl FnMut(Value)) -> Result<(), serde_json::Error> {
    let mut deserializer = serde_json::Deserializer::from_str(text);
    ListSeed(each).deserialize(&mut deserializer)?;
    deserializer.end()
}

/// The whole response: a map whose `items` go to the closure.
struct ListSeed<F>(F);

impl<'de, F: FnMut(Value)> DeserializeSeed<'de> for ListSeed<F> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de, F: FnMut(Value)> Visitor<'de> for ListSeed<F> {
    type Value = ();

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("a Kubernetes list")
    }

    fn visit_map<A: MapAccess<'de>>(mut self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            if key == "items" {
                map.next_value_seed(ItemsSeed(&mut self.0))?;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(())
    }
}

/// The `items` array (or `null`).
struct ItemsSeed<'a, F>(&'a mut F);

impl<'de, F: FnMut(Value)> DeserializeSeed<'de> for ItemsSeed<'_, F> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de, F: FnMut(Value)> Visitor<'de> for ItemsSeed<'_, F> {
    type Value = ();

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("a list's items")
    }

    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut items: A) -> Result<(), A::Error> {
        while let Some(item) = items.next_element::<Value>()? {
            (self.0)(item);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn items(text: &str) -> Result<Vec<Value>, serde_json::Error> {
        let mut seen = Vec::new();
        each_item(text, |item| seen.push(item))?;
        Ok(seen)
    }

    #[test]
    fn passes_each_item_and_skips_the_rest() {
        let text = r#"{"kind":"ServiceList","apiVersion":"v1","metadata":{"resourceVersion":"7"},
            "items":[{"metadata":{"name":"a"}},{"metadata":{"name":"b"},"spec":{"x":[1,2]}}]}"#;
        assert_eq!(
            items(text).unwrap(),
            [
                json!({"metadata": {"name": "a"}}),
                json!({"metadata": {"name": "b"}, "spec": {"x": [1, 2]}})
            ]
        );
    }

    #[test]
    fn null_or_absent_items_are_none() {
        assert_eq!(
            items(r#"{"kind":"List","items":null}"#).unwrap(),
            Vec::<Value>::new()
        );
        assert_eq!(items(r#"{"kind":"List"}"#).unwrap(), Vec::<Value>::new());
    }

    #[test]
    fn refuses_what_is_not_a_list() {
        for text in [
            r#"[1]"#,
            r#"{"items":{"a":1}}"#,
            r#"{"items":[1,"#,
            r#"{} {}"#,
        ] {
            assert!(items(text).is_err(), "{text}");
        }
    }
}
