//! `gateway-api-render`'s input parser and the render itself on arbitrary bytes.
//!
//! Input: the text of a render input file (invalid UTF-8 replaced). Properties: parsing and
//! rendering never panic, and whatever renders can be written out as YAML and JSON.
#![no_main]

use gateway_api_render::input::RenderInput;
use gateway_api_render::output::{to_json_list, to_yaml_stream};
use gateway_api_render::render::{RenderOptions, render};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let Ok(input) = RenderInput::parse(&text) else {
        return;
    };
    let Ok(rendered) = render(&input, RenderOptions::default()) else {
        return;
    };
    to_yaml_stream(&rendered.objects).expect("rendered objects serialise as YAML");
    let list: serde_json::Value =
        serde_json::from_str(&to_json_list(&rendered.objects)).expect("the JSON list is JSON");
    assert_eq!(list["items"].as_array(), Some(&rendered.objects));
});
