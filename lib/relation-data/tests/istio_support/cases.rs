//! Configs on which `IstioIngressRouteProvider.get_config` (charmlibs 1.0.2, pydantic 2.14.3)
//! was run, with what it returned: `Some(model_dump_json())` or `None` (refused). Recorded with
//! `tests/interop/istio_route_provider_check.py`; `istio_interop.rs` re-checks every entry
//! against the real library, `istio_library_cases.rs` checks our reader against the record.

/// One config and the real library's verdict.
pub struct Case {
    /// What the case exercises.
    pub name: &'static str,
    /// The `config` value in the requirer bag.
    pub config: &'static str,
    /// `model_dump_json()` of what the library parsed, `None` when it refused the config.
    pub library: Option<&'static str>,
}

/// Every recorded case.
pub const CASES: &[Case] = &[
    Case {
        name: "minimal",
        config: r#"{"model":"m"}"#,
        library: Some(r#"{"model":"m","listeners":[],"http_routes":[],"grpc_routes":[]}"#),
    },
    Case {
        name: "whitespace around",
        config: " \n{\"model\":\"m\"}\n ",
        library: Some(r#"{"model":"m","listeners":[],"http_routes":[],"grpc_routes":[]}"#),
    },
    Case {
        name: "unknown members ignored",
        config: r#"{"model":"m","zzz":[1,{"a":null}],"listeners":[{"port":1,"protocol":"HTTP","name":"x"}]}"#,
        library: Some(
            r#"{"model":"m","listeners":[{"port":1,"protocol":"HTTP"}],"http_routes":[],"grpc_routes":[]}"#,
        ),
    },
    Case {
        name: "repeated member: last wins",
        config: r#"{"model":"a","model":"b"}"#,
        library: Some(r#"{"model":"b","listeners":[],"http_routes":[],"grpc_routes":[]}"#),
    },
    Case {
        name: "port as float",
        config: r#"{"model":"m","listeners":[{"port":3200.0,"protocol":"GRPC"}]}"#,
        library: Some(
            r#"{"model":"m","listeners":[{"port":3200,"protocol":"GRPC"}],"http_routes":[],"grpc_routes":[]}"#,
        ),
    },
    Case {
        name: "port as exponent",
        config: r#"{"model":"m","listeners":[{"port":1e3,"protocol":"GRPC"}]}"#,
        library: Some(
            r#"{"model":"m","listeners":[{"port":1000,"protocol":"GRPC"}],"http_routes":[],"grpc_routes":[]}"#,
        ),
    },
    Case {
        name: "port as string",
        config: r#"{"model":"m","listeners":[{"port":"3200","protocol":"GRPC"}]}"#,
        library: Some(
            r#"{"model":"m","listeners":[{"port":3200,"protocol":"GRPC"}],"http_routes":[],"grpc_routes":[]}"#,
        ),
    },
    Case {
        name: "port string with spaces and underscore",
        config: r#"{"model":"m","listeners":[{"port":" 3_200 ","protocol":"GRPC"}]}"#,
        library: Some(
            r#"{"model":"m","listeners":[{"port":3200,"protocol":"GRPC"}],"http_routes":[],"grpc_routes":[]}"#,
        ),
    },
    Case {
        name: "port string with zero decimals",
        config: r#"{"model":"m","listeners":[{"port":"+3200.00","protocol":"GRPC"}]}"#,
        library: Some(
            r#"{"model":"m","listeners":[{"port":3200,"protocol":"GRPC"}],"http_routes":[],"grpc_routes":[]}"#,
        ),
    },
    Case {
        name: "port true is 1",
        config: r#"{"model":"m","listeners":[{"port":true,"protocol":"GRPC"}]}"#,
        library: Some(
            r#"{"model":"m","listeners":[{"port":1,"protocol":"GRPC"}],"http_routes":[],"grpc_routes":[]}"#,
        ),
    },
    Case {
        name: "port hex string",
        config: r#"{"model":"m","listeners":[{"port":"0x10","protocol":"GRPC"}]}"#,
        library: None,
    },
    Case {
        name: "port fractional",
        config: r#"{"model":"m","listeners":[{"port":80.5,"protocol":"GRPC"}]}"#,
        library: None,
    },
    Case {
        name: "port zero",
        config: r#"{"model":"m","listeners":[{"port":0,"protocol":"GRPC"}]}"#,
        library: None,
    },
    Case {
        name: "port too big",
        config: r#"{"model":"m","listeners":[{"port":65536,"protocol":"GRPC"}]}"#,
        library: None,
    },
    Case {
        name: "port huge",
        config: r#"{"model":"m","listeners":[{"port":99999999999999999999999,"protocol":"GRPC"}]}"#,
        library: None,
    },
    Case {
        name: "protocol lowercase",
        config: r#"{"model":"m","listeners":[{"port":1,"protocol":"grpc"}]}"#,
        library: None,
    },
    Case {
        name: "model empty",
        config: r#"{"model":""}"#,
        library: Some(r#"{"model":"","listeners":[],"http_routes":[],"grpc_routes":[]}"#),
    },
    Case {
        name: "model int",
        config: r#"{"model":1}"#,
        library: None,
    },
    Case {
        name: "no model",
        config: r#"{}"#,
        library: None,
    },
    Case {
        name: "not an object",
        config: r#"[]"#,
        library: None,
    },
    Case {
        name: "trailing garbage",
        config: r#"{"model":"m"} x"#,
        library: None,
    },
    Case {
        name: "route minimal",
        config: r#"{"model":"m","http_routes":[{"name":"r","listener":{"port":80,"protocol":"HTTP"},"backends":[{"service":"s","port":80}]}]}"#,
        library: Some(
            r#"{"model":"m","listeners":[],"http_routes":[{"name":"r","listener":{"port":80,"protocol":"HTTP"},"backends":[{"service":"s","port":80,"weight":null}],"hostnames":null,"matches":null,"filters":null}],"grpc_routes":[]}"#,
        ),
    },
    Case {
        name: "route empty backends and name",
        config: r#"{"model":"m","http_routes":[{"name":"","listener":{"port":80,"protocol":"GRPC"},"backends":[]}]}"#,
        library: Some(
            r#"{"model":"m","listeners":[],"http_routes":[{"name":"","listener":{"port":80,"protocol":"GRPC"},"backends":[],"hostnames":null,"matches":null,"filters":null}],"grpc_routes":[]}"#,
        ),
    },
    Case {
        name: "route listener not declared",
        config: r#"{"model":"m","http_routes":[{"name":"r","listener":{"port":80,"protocol":"HTTP"},"backends":[{"service":"s","port":80}]}]}"#,
        library: Some(
            r#"{"model":"m","listeners":[],"http_routes":[{"name":"r","listener":{"port":80,"protocol":"HTTP"},"backends":[{"service":"s","port":80,"weight":null}],"hostnames":null,"matches":null,"filters":null}],"grpc_routes":[]}"#,
        ),
    },
    Case {
        name: "weight string",
        config: r#"{"model":"m","http_routes":[{"name":"r","listener":{"port":80,"protocol":"HTTP"},"backends":[{"service":"s","port":80,"weight":"50"}]}]}"#,
        library: Some(
            r#"{"model":"m","listeners":[],"http_routes":[{"name":"r","listener":{"port":80,"protocol":"HTTP"},"backends":[{"service":"s","port":80,"weight":50}],"hostnames":null,"matches":null,"filters":null}],"grpc_routes":[]}"#,
        ),
    },
    Case {
        name: "weight 101",
        config: r#"{"model":"m","http_routes":[{"name":"r","listener":{"port":80,"protocol":"HTTP"},"backends":[{"service":"s","port":80,"weight":101}]}]}"#,
        library: None,
    },
    Case {
        name: "hostnames any strings",
        config: r#"{"model":"m","http_routes":[{"name":"r","listener":{"port":80,"protocol":"HTTP"},"backends":[{"service":"s","port":80}],"hostnames":["a","*.B",""," x"]}]}"#,
        library: Some(
            r#"{"model":"m","listeners":[],"http_routes":[{"name":"r","listener":{"port":80,"protocol":"HTTP"},"backends":[{"service":"s","port":80,"weight":null}],"hostnames":["a","*.B",""," x"],"matches":null,"filters":null}],"grpc_routes":[]}"#,
        ),
    },
    Case {
        name: "hostnames empty list",
        config: r#"{"model":"m","http_routes":[{"name":"r","listener":{"port":80,"protocol":"HTTP"},"backends":[{"service":"s","port":80}],"hostnames":[]}]}"#,
        library: Some(
            r#"{"model":"m","listeners":[],"http_routes":[{"name":"r","listener":{"port":80,"protocol":"HTTP"},"backends":[{"service":"s","port":80,"weight":null}],"hostnames":[],"matches":null,"filters":null}],"grpc_routes":[]}"#,
        ),
    },
    Case {
        name: "headers order and repeat",
        config: r#"{"model":"m","http_routes":[{"name":"r","listener":{"port":80,"protocol":"HTTP"},"backends":[{"service":"s","port":80}],"matches":[{"headers":{"b":"1","a":"2","b":"3"}}]}]}"#,
        library: Some(
            r#"{"model":"m","listeners":[],"http_routes":[{"name":"r","listener":{"port":80,"protocol":"HTTP"},"backends":[{"service":"s","port":80,"weight":null}],"hostnames":null,"matches":[{"headers":{"b":"3","a":"2"},"path":null,"method":null}],"filters":null}],"grpc_routes":[]}"#,
        ),
    },
    Case {
        name: "headers empty",
        config: r#"{"model":"m","http_routes":[{"name":"r","listener":{"port":80,"protocol":"HTTP"},"backends":[{"service":"s","port":80}],"matches":[{"headers":{}}]}]}"#,
        library: Some(
            r#"{"model":"m","listeners":[],"http_routes":[{"name":"r","listener":{"port":80,"protocol":"HTTP"},"backends":[{"service":"s","port":80,"weight":null}],"hostnames":null,"matches":[{"headers":{},"path":null,"method":null}],"filters":null}],"grpc_routes":[]}"#,
        ),
    },
    Case {
        name: "header value int",
        config: r#"{"model":"m","http_routes":[{"name":"r","listener":{"port":80,"protocol":"HTTP"},"backends":[{"service":"s","port":80}],"matches":[{"headers":{"b":1}}]}]}"#,
        library: None,
    },
    Case {
        name: "match empty",
        config: r#"{"model":"m","http_routes":[{"name":"r","listener":{"port":80,"protocol":"HTTP"},"backends":[{"service":"s","port":80}],"matches":[{}]}]}"#,
        library: Some(
            r#"{"model":"m","listeners":[],"http_routes":[{"name":"r","listener":{"port":80,"protocol":"HTTP"},"backends":[{"service":"s","port":80,"weight":null}],"hostnames":null,"matches":[{"headers":null,"path":null,"method":null}],"filters":null}],"grpc_routes":[]}"#,
        ),
    },
    Case {
        name: "path type defaults",
        config: r#"{"model":"m","http_routes":[{"name":"r","listener":{"port":80,"protocol":"HTTP"},"backends":[{"service":"s","port":80}],"matches":[{"path":{"value":"/x"}}]}]}"#,
        library: Some(
            r#"{"model":"m","listeners":[],"http_routes":[{"name":"r","listener":{"port":80,"protocol":"HTTP"},"backends":[{"service":"s","port":80,"weight":null}],"hostnames":null,"matches":[{"headers":null,"path":{"type":"PathPrefix","value":"/x"},"method":null}],"filters":null}],"grpc_routes":[]}"#,
        ),
    },
    Case {
        name: "path regex unchecked",
        config: r#"{"model":"m","http_routes":[{"name":"r","listener":{"port":80,"protocol":"HTTP"},"backends":[{"service":"s","port":80}],"matches":[{"path":{"type":"RegularExpression","value":"(["}}]}]}"#,
        library: Some(
            r#"{"model":"m","listeners":[],"http_routes":[{"name":"r","listener":{"port":80,"protocol":"HTTP"},"backends":[{"service":"s","port":80,"weight":null}],"hostnames":null,"matches":[{"headers":null,"path":{"type":"RegularExpression","value":"(["},"method":null}],"filters":null}],"grpc_routes":[]}"#,
        ),
    },
    Case {
        name: "path type null",
        config: r#"{"model":"m","http_routes":[{"name":"r","listener":{"port":80,"protocol":"HTTP"},"backends":[{"service":"s","port":80}],"matches":[{"path":{"type":null,"value":"/x"}}]}]}"#,
        library: None,
    },
    Case {
        name: "method lowercase",
        config: r#"{"model":"m","http_routes":[{"name":"r","listener":{"port":80,"protocol":"HTTP"},"backends":[{"service":"s","port":80}],"matches":[{"method":"get"}]}]}"#,
        library: None,
    },
    Case {
        name: "grpc service only",
        config: r#"{"model":"m","grpc_routes":[{"name":"r","listener":{"port":80,"protocol":"HTTP"},"backends":[{"service":"s","port":80}],"matches":[{"method":{"service":"a"}}]}]}"#,
        library: Some(
            r#"{"model":"m","listeners":[],"http_routes":[],"grpc_routes":[{"name":"r","listener":{"port":80,"protocol":"HTTP"},"backends":[{"service":"s","port":80,"weight":null}],"hostnames":null,"matches":[{"headers":null,"method":{"service":"a","method":null}}],"filters":null}]}"#,
        ),
    },
    Case {
        name: "grpc http-style path ignored",
        config: r#"{"model":"m","grpc_routes":[{"name":"r","listener":{"port":80,"protocol":"HTTP"},"backends":[{"service":"s","port":80}],"matches":[{"path":{"value":"/"}}]}]}"#,
        library: Some(
            r#"{"model":"m","listeners":[],"http_routes":[],"grpc_routes":[{"name":"r","listener":{"port":80,"protocol":"HTTP"},"backends":[{"service":"s","port":80,"weight":null}],"hostnames":null,"matches":[{"headers":null,"method":null}],"filters":null}]}"#,
        ),
    },
    Case {
        name: "grpc method string",
        config: r#"{"model":"m","grpc_routes":[{"name":"r","listener":{"port":80,"protocol":"HTTP"},"backends":[{"service":"s","port":80}],"matches":[{"method":"x"}]}]}"#,
        library: None,
    },
    Case {
        name: "filter urlRewrite empty",
        config: r#"{"model":"m","http_routes":[{"name":"r","listener":{"port":80,"protocol":"HTTP"},"backends":[{"service":"s","port":80}],"filters":[{"urlRewrite":{}}]}]}"#,
        library: Some(
            r#"{"model":"m","listeners":[],"http_routes":[{"name":"r","listener":{"port":80,"protocol":"HTTP"},"backends":[{"service":"s","port":80,"weight":null}],"hostnames":null,"matches":null,"filters":[{"urlRewrite":{"hostname":null,"path":null},"type":"URLRewrite"}]}],"grpc_routes":[]}"#,
        ),
    },
    Case {
        name: "filter type ignored",
        config: r#"{"model":"m","http_routes":[{"name":"r","listener":{"port":80,"protocol":"HTTP"},"backends":[{"service":"s","port":80}],"filters":[{"type":"RequestRedirect","urlRewrite":{"hostname":"h"}}]}]}"#,
        library: Some(
            r#"{"model":"m","listeners":[],"http_routes":[{"name":"r","listener":{"port":80,"protocol":"HTTP"},"backends":[{"service":"s","port":80,"weight":null}],"hostnames":null,"matches":null,"filters":[{"urlRewrite":{"hostname":"h","path":null},"type":"URLRewrite"}]}],"grpc_routes":[]}"#,
        ),
    },
    Case {
        name: "filter both valid: urlRewrite",
        config: r#"{"model":"m","http_routes":[{"name":"r","listener":{"port":80,"protocol":"HTTP"},"backends":[{"service":"s","port":80}],"filters":[{"requestRedirect":{"scheme":"https"},"urlRewrite":{"hostname":"h"}}]}]}"#,
        library: Some(
            r#"{"model":"m","listeners":[],"http_routes":[{"name":"r","listener":{"port":80,"protocol":"HTTP"},"backends":[{"service":"s","port":80,"weight":null}],"hostnames":null,"matches":null,"filters":[{"urlRewrite":{"hostname":"h","path":null},"type":"URLRewrite"}]}],"grpc_routes":[]}"#,
        ),
    },
    Case {
        name: "filter both, urlRewrite invalid",
        config: r#"{"model":"m","http_routes":[{"name":"r","listener":{"port":80,"protocol":"HTTP"},"backends":[{"service":"s","port":80}],"filters":[{"urlRewrite":{"hostname":1},"requestRedirect":{"scheme":"https"}}]}]}"#,
        library: Some(
            r#"{"model":"m","listeners":[],"http_routes":[{"name":"r","listener":{"port":80,"protocol":"HTTP"},"backends":[{"service":"s","port":80,"weight":null}],"hostnames":null,"matches":null,"filters":[{"requestRedirect":{"scheme":"https","hostname":null,"path":null,"port":null,"statusCode":301},"type":"RequestRedirect"}]}],"grpc_routes":[]}"#,
        ),
    },
    Case {
        name: "filter both invalid",
        config: r#"{"model":"m","http_routes":[{"name":"r","listener":{"port":80,"protocol":"HTTP"},"backends":[{"service":"s","port":80}],"filters":[{"urlRewrite":{"hostname":1},"requestRedirect":{"port":0}}]}]}"#,
        library: None,
    },
    Case {
        name: "filter neither",
        config: r#"{"model":"m","http_routes":[{"name":"r","listener":{"port":80,"protocol":"HTTP"},"backends":[{"service":"s","port":80}],"filters":[{"type":"URLRewrite"}]}]}"#,
        library: None,
    },
    Case {
        name: "filter redirect defaults",
        config: r#"{"model":"m","http_routes":[{"name":"r","listener":{"port":80,"protocol":"HTTP"},"backends":[{"service":"s","port":80}],"filters":[{"requestRedirect":{}}]}]}"#,
        library: Some(
            r#"{"model":"m","listeners":[],"http_routes":[{"name":"r","listener":{"port":80,"protocol":"HTTP"},"backends":[{"service":"s","port":80,"weight":null}],"hostnames":null,"matches":null,"filters":[{"requestRedirect":{"scheme":null,"hostname":null,"path":null,"port":null,"statusCode":301},"type":"RequestRedirect"}]}],"grpc_routes":[]}"#,
        ),
    },
    Case {
        name: "filter redirect lax",
        config: r#"{"model":"m","http_routes":[{"name":"r","listener":{"port":80,"protocol":"HTTP"},"backends":[{"service":"s","port":80}],"filters":[{"requestRedirect":{"scheme":"ftp","hostname":"H","port":"8443","statusCode":"999"}}]}]}"#,
        library: Some(
            r#"{"model":"m","listeners":[],"http_routes":[{"name":"r","listener":{"port":80,"protocol":"HTTP"},"backends":[{"service":"s","port":80,"weight":null}],"hostnames":null,"matches":null,"filters":[{"requestRedirect":{"scheme":"ftp","hostname":"H","path":null,"port":8443,"statusCode":999},"type":"RequestRedirect"}]}],"grpc_routes":[]}"#,
        ),
    },
    Case {
        name: "filter redirect status negative",
        config: r#"{"model":"m","http_routes":[{"name":"r","listener":{"port":80,"protocol":"HTTP"},"backends":[{"service":"s","port":80}],"filters":[{"requestRedirect":{"statusCode":-5}}]}]}"#,
        library: Some(
            r#"{"model":"m","listeners":[],"http_routes":[{"name":"r","listener":{"port":80,"protocol":"HTTP"},"backends":[{"service":"s","port":80,"weight":null}],"hostnames":null,"matches":null,"filters":[{"requestRedirect":{"scheme":null,"hostname":null,"path":null,"port":null,"statusCode":-5},"type":"RequestRedirect"}]}],"grpc_routes":[]}"#,
        ),
    },
    Case {
        name: "filter redirect status null",
        config: r#"{"model":"m","http_routes":[{"name":"r","listener":{"port":80,"protocol":"HTTP"},"backends":[{"service":"s","port":80}],"filters":[{"requestRedirect":{"statusCode":null}}]}]}"#,
        library: None,
    },
    Case {
        name: "path modifier prefix form",
        config: r#"{"model":"m","http_routes":[{"name":"r","listener":{"port":80,"protocol":"HTTP"},"backends":[{"service":"s","port":80}],"filters":[{"urlRewrite":{"path":{"replacePrefixMatch":"/a"}}}]}]}"#,
        library: Some(
            r#"{"model":"m","listeners":[],"http_routes":[{"name":"r","listener":{"port":80,"protocol":"HTTP"},"backends":[{"service":"s","port":80,"weight":null}],"hostnames":null,"matches":null,"filters":[{"urlRewrite":{"hostname":null,"path":{"type":"ReplacePrefixMatch","replacePrefixMatch":"/a"}},"type":"URLRewrite"}]}],"grpc_routes":[]}"#,
        ),
    },
    Case {
        name: "path modifier full form",
        config: r#"{"model":"m","http_routes":[{"name":"r","listener":{"port":80,"protocol":"HTTP"},"backends":[{"service":"s","port":80}],"filters":[{"urlRewrite":{"path":{"replaceFullPath":"/a"}}}]}]}"#,
        library: Some(
            r#"{"model":"m","listeners":[],"http_routes":[{"name":"r","listener":{"port":80,"protocol":"HTTP"},"backends":[{"service":"s","port":80,"weight":null}],"hostnames":null,"matches":null,"filters":[{"urlRewrite":{"hostname":null,"path":{"type":"ReplaceFullPath","replaceFullPath":"/a"}},"type":"URLRewrite"}]}],"grpc_routes":[]}"#,
        ),
    },
    Case {
        name: "path modifier model form",
        config: r#"{"model":"m","http_routes":[{"name":"r","listener":{"port":80,"protocol":"HTTP"},"backends":[{"service":"s","port":80}],"filters":[{"urlRewrite":{"path":{"type":"ReplacePrefixMatch","value":"/v"}}}]}]}"#,
        library: Some(
            r#"{"model":"m","listeners":[],"http_routes":[{"name":"r","listener":{"port":80,"protocol":"HTTP"},"backends":[{"service":"s","port":80,"weight":null}],"hostnames":null,"matches":null,"filters":[{"urlRewrite":{"hostname":null,"path":{"type":"ReplacePrefixMatch","replacePrefixMatch":"/v"}},"type":"URLRewrite"}]}],"grpc_routes":[]}"#,
        ),
    },
    Case {
        name: "path modifier type overrides form",
        config: r#"{"model":"m","http_routes":[{"name":"r","listener":{"port":80,"protocol":"HTTP"},"backends":[{"service":"s","port":80}],"filters":[{"urlRewrite":{"path":{"type":"ReplaceFullPath","replacePrefixMatch":"/a"}}}]}]}"#,
        library: Some(
            r#"{"model":"m","listeners":[],"http_routes":[{"name":"r","listener":{"port":80,"protocol":"HTTP"},"backends":[{"service":"s","port":80,"weight":null}],"hostnames":null,"matches":null,"filters":[{"urlRewrite":{"hostname":null,"path":{"type":"ReplaceFullPath","replaceFullPath":"/a"}},"type":"URLRewrite"}]}],"grpc_routes":[]}"#,
        ),
    },
    Case {
        name: "path modifier prefix wins",
        config: r#"{"model":"m","http_routes":[{"name":"r","listener":{"port":80,"protocol":"HTTP"},"backends":[{"service":"s","port":80}],"filters":[{"urlRewrite":{"path":{"replaceFullPath":"/b","replacePrefixMatch":"/a"}}}]}]}"#,
        library: Some(
            r#"{"model":"m","listeners":[],"http_routes":[{"name":"r","listener":{"port":80,"protocol":"HTTP"},"backends":[{"service":"s","port":80,"weight":null}],"hostnames":null,"matches":null,"filters":[{"urlRewrite":{"hostname":null,"path":{"type":"ReplacePrefixMatch","replacePrefixMatch":"/a"}},"type":"URLRewrite"}]}],"grpc_routes":[]}"#,
        ),
    },
    Case {
        name: "path modifier value loses to form",
        config: r#"{"model":"m","http_routes":[{"name":"r","listener":{"port":80,"protocol":"HTTP"},"backends":[{"service":"s","port":80}],"filters":[{"urlRewrite":{"path":{"type":"ReplacePrefixMatch","value":"/v","replaceFullPath":"/f"}}}]}]}"#,
        library: Some(
            r#"{"model":"m","listeners":[],"http_routes":[{"name":"r","listener":{"port":80,"protocol":"HTTP"},"backends":[{"service":"s","port":80,"weight":null}],"hostnames":null,"matches":null,"filters":[{"urlRewrite":{"hostname":null,"path":{"type":"ReplacePrefixMatch","replacePrefixMatch":"/f"}},"type":"URLRewrite"}]}],"grpc_routes":[]}"#,
        ),
    },
    Case {
        name: "path modifier value without type",
        config: r#"{"model":"m","http_routes":[{"name":"r","listener":{"port":80,"protocol":"HTTP"},"backends":[{"service":"s","port":80}],"filters":[{"urlRewrite":{"path":{"value":"/v"}}}]}]}"#,
        library: None,
    },
    Case {
        name: "grpc redirect kept",
        config: r#"{"model":"m","grpc_routes":[{"name":"r","listener":{"port":80,"protocol":"HTTP"},"backends":[{"service":"s","port":80}],"filters":[{"requestRedirect":{"scheme":"https","statusCode":302}}]}]}"#,
        library: Some(
            r#"{"model":"m","listeners":[],"http_routes":[],"grpc_routes":[{"name":"r","listener":{"port":80,"protocol":"HTTP"},"backends":[{"service":"s","port":80,"weight":null}],"hostnames":null,"matches":null,"filters":[{"requestRedirect":{"scheme":"https","hostname":null,"path":null,"port":null,"statusCode":302},"type":"RequestRedirect"}]}]}"#,
        ),
    },
    Case {
        name: "grpc urlRewrite refused",
        config: r#"{"model":"m","grpc_routes":[{"name":"r","listener":{"port":80,"protocol":"HTTP"},"backends":[{"service":"s","port":80}],"filters":[{"urlRewrite":{"hostname":"h"}}]}]}"#,
        library: None,
    },
    Case {
        name: "grpc both: redirect",
        config: r#"{"model":"m","grpc_routes":[{"name":"r","listener":{"port":80,"protocol":"HTTP"},"backends":[{"service":"s","port":80}],"filters":[{"urlRewrite":{"hostname":"h"},"requestRedirect":{}}]}]}"#,
        library: Some(
            r#"{"model":"m","listeners":[],"http_routes":[],"grpc_routes":[{"name":"r","listener":{"port":80,"protocol":"HTTP"},"backends":[{"service":"s","port":80,"weight":null}],"hostnames":null,"matches":null,"filters":[{"requestRedirect":{"scheme":null,"hostname":null,"path":null,"port":null,"statusCode":301},"type":"RequestRedirect"}]}]}"#,
        ),
    },
    Case {
        name: "escapes",
        config: r#"{"model":"\u00e9\u2028\u007f\u0001\n\"\\/\ud83d\ude00\t"}"#,
        library: Some(
            "{\"model\":\"\u{e9}\u{2028}\u{7f}\\u0001\\n\\\"\\\\/\u{1f600}\\t\",\"listeners\":[],\"http_routes\":[],\"grpc_routes\":[]}",
        ),
    },
    Case {
        name: "lone surrogate",
        config: r#"{"model":"\ud800"}"#,
        library: None,
    },
    Case {
        name: "raw control character",
        config: "{\"model\":\"a\tb\"}",
        library: None,
    },
];
