//! Delivery wrappers taken off an event before it is routed: SNS notifications (as SQS and
//! HTTP subscribers of a topic receive them, and as Lambda gets them) and SQS messages (as
//! `ReceiveMessage` returns them, and as Lambda gets them). The event inside is a JSON string
//! (`Message`, `Body`, `body`); the publisher's message attributes travel beside it, and the
//! ones named like the route and version fields must agree with the event.

use std::borrow::Cow;

use serde_json::Value;

/// A wrapper that was taken off.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layer {
    /// An SNS notification (`"Type": "Notification"`, the event in `Message`).
    Sns,
    /// A Lambda SNS record (`"EventSource": "aws:sns"`, the notification in `Sns`).
    SnsRecord,
    /// An SQS message as ReceiveMessage returns it (`MessageId`, `ReceiptHandle`, `Body`).
    Sqs,
    /// A Lambda SQS record (`"eventSource": "aws:sqs"`, the event in `body`).
    SqsRecord,
}

impl Layer {
    /// The name used in messages.
    pub fn label(self) -> &'static str {
        match self {
            Layer::Sns => "SNS notification",
            Layer::SnsRecord => "Lambda SNS record",
            Layer::Sqs => "SQS message",
            Layer::SqsRecord => "Lambda SQS record",
        }
    }

    /// A short name for machine output: `sns`, `sns-record`, `sqs`, `sqs-record`.
    pub fn name(self) -> &'static str {
        match self {
            Layer::Sns => "sns",
            Layer::SnsRecord => "sns-record",
            Layer::Sqs => "sqs",
            Layer::SqsRecord => "sqs-record",
        }
    }

    /// The field that holds the wrapped event as JSON text.
    fn payload_field(self) -> &'static str {
        match self {
            Layer::Sns | Layer::SnsRecord => "Message",
            Layer::Sqs => "Body",
            Layer::SqsRecord => "body",
        }
    }

    /// Where the attributes sit, for messages.
    fn attributes_key(self) -> &'static str {
        match self {
            Layer::Sns | Layer::Sqs => "MessageAttributes",
            Layer::SnsRecord => "Sns.MessageAttributes",
            Layer::SqsRecord => "messageAttributes",
        }
    }
}

/// A message attribute of a wrapper: its name and its value as text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attribute {
    pub layer: Layer,
    pub name: String,
    pub value: String,
}

/// Why a wrapper gives no event: that instance's invalid result.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UnwrapError {
    /// An SNS subscription or unsubscription confirmation.
    #[error("SNS {kind} message, not a notification: it carries no event")]
    NotANotification { kind: String },
    /// The payload field holds something other than a string.
    #[error("the {}'s {} must be a string holding the event as JSON, found {found}", .layer.label(), .layer.payload_field())]
    PayloadNotText { layer: Layer, found: &'static str },
    /// The payload text is not JSON; `preview` is its start.
    #[error("the {}'s {field} is not JSON ({message} at line {line} column {column} of the {field}): \"{preview}\"", .layer.label(), field = .layer.payload_field())]
    PayloadNotJson {
        layer: Layer,
        message: String,
        line: usize,
        column: usize,
        preview: String,
    },
}

/// The event inside its wrappers.
#[derive(Debug, Clone)]
pub struct Unwrapped<'a> {
    pub event: Cow<'a, Value>,
    /// Outermost first; empty when the event was not wrapped.
    pub layers: Vec<Layer>,
    pub attributes: Vec<Attribute>,
}

/// Most wrappers taken off one event (SQS around SNS is two).
const MAX_LAYERS: usize = 4;

/// Takes the delivery wrappers off `value`. A wrapper whose payload is not JSON (or is not
/// there) is an error message: the line is an invalid result.
pub fn unwrap(value: &Value) -> Result<Unwrapped<'_>, UnwrapError> {
    let mut out = Unwrapped {
        event: Cow::Borrowed(value),
        layers: Vec::new(),
        attributes: Vec::new(),
    };
    while out.layers.len() < MAX_LAYERS {
        let Some((layer, inner)) = peel(&out.event)? else {
            break;
        };
        out.layers.push(layer);
        out.attributes.extend(attributes(layer, &out.event));
        let next = match inner {
            Inner::Value(v) => v.clone(),
            Inner::Text(text) => parse_payload(layer, text)?,
        };
        out.event = Cow::Owned(next);
    }
    Ok(out)
}

enum Inner<'v> {
    /// An object nested as JSON (the `Sns` of a Lambda record).
    Value(&'v Value),
    /// The event as a JSON string.
    Text(&'v str),
}

/// Recognises one wrapper and returns what it wraps.
fn peel(v: &Value) -> Result<Option<(Layer, Inner<'_>)>, UnwrapError> {
    let Some(obj) = v.as_object() else {
        return Ok(None);
    };
    let s = |k: &str| obj.get(k).and_then(Value::as_str);
    if let (Some(kind), Some(_), Some(_)) = (s("Type"), s("TopicArn"), s("MessageId")) {
        if matches!(
            kind,
            "Notification" | "SubscriptionConfirmation" | "UnsubscribeConfirmation"
        ) && obj.contains_key("Message")
        {
            if kind != "Notification" {
                return Err(UnwrapError::NotANotification {
                    kind: kind.to_owned(),
                });
            }
            return match obj.get("Message") {
                Some(Value::String(m)) => Ok(Some((Layer::Sns, Inner::Text(m)))),
                Some(other) => Err(not_text(Layer::Sns, other)),
                None => Ok(None),
            };
        }
    }
    if s("EventSource") == Some("aws:sns") {
        if let Some(sns @ Value::Object(_)) = obj.get("Sns") {
            return Ok(Some((Layer::SnsRecord, Inner::Value(sns))));
        }
    }
    if let (Some(_), Some(_)) = (s("MessageId"), s("ReceiptHandle")) {
        match obj.get("Body") {
            Some(Value::String(b)) => return Ok(Some((Layer::Sqs, Inner::Text(b)))),
            Some(other) => return Err(not_text(Layer::Sqs, other)),
            None => {}
        }
    }
    if s("eventSource") == Some("aws:sqs") {
        match obj.get("body") {
            Some(Value::String(b)) => return Ok(Some((Layer::SqsRecord, Inner::Text(b)))),
            Some(other) => return Err(not_text(Layer::SqsRecord, other)),
            None => {}
        }
    }
    Ok(None)
}

fn not_text(layer: Layer, found: &Value) -> UnwrapError {
    UnwrapError::PayloadNotText {
        layer,
        found: crate::validate::engine::json_type(found),
    }
}

fn parse_payload(layer: Layer, text: &str) -> Result<Value, UnwrapError> {
    serde_json::from_str(text).map_err(|e| {
        let mut preview: String = text.chars().take(40).collect();
        if text.chars().count() > 40 {
            preview.push_str("...");
        }
        UnwrapError::PayloadNotJson {
            layer,
            message: crate::catalog::strip_serde_position(&e),
            line: e.line(),
            column: e.column(),
            preview,
        }
    })
}

/// The string (or number) attributes of one wrapper.
fn attributes(layer: Layer, v: &Value) -> Vec<Attribute> {
    let (key, type_key, value_key) = match layer {
        Layer::Sns | Layer::SnsRecord => ("MessageAttributes", "Type", "Value"),
        Layer::Sqs => ("MessageAttributes", "DataType", "StringValue"),
        Layer::SqsRecord => ("messageAttributes", "dataType", "stringValue"),
    };
    let Some(map) = v.get(key).and_then(Value::as_object) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (name, attr) in map {
        let kind = attr
            .get(type_key)
            .and_then(Value::as_str)
            .unwrap_or("String");
        if !(kind.starts_with("String") || kind.starts_with("Number")) || kind.ends_with(".Array") {
            continue;
        }
        if let Some(value) = attr.get(value_key).and_then(Value::as_str) {
            out.push(Attribute {
                layer,
                name: name.clone(),
                value: value.to_owned(),
            });
        }
    }
    out
}

/// One attribute that disagrees with the event: (the event's pointer, the message).
pub type Mismatch = (String, String);

/// Checks that each attribute named like a field (the last token of `pointer`, e.g.
/// `event_type` for `/event_type`) equals that field of the event.
pub fn mismatches(unwrapped: &Unwrapped<'_>, pointers: &[&str]) -> Vec<Mismatch> {
    let mut out = Vec::new();
    for pointer in pointers {
        let Some(name) = crate::pointer::parse(pointer).pop() else {
            continue;
        };
        for a in unwrapped.attributes.iter().filter(|a| a.name == name) {
            let found = unwrapped.event.pointer(pointer);
            let agrees = match found {
                Some(Value::String(s)) => *s == a.value,
                Some(Value::Number(n)) => n.to_string() == a.value,
                _ => false,
            };
            if agrees {
                continue;
            }
            let theirs = match found {
                Some(Value::String(s)) => format!("the event's {name} is \"{s}\""),
                Some(other) => format!("the event's {name} is {other}"),
                None => format!("the event has no {name}"),
            };
            out.push((
                (*pointer).to_owned(),
                format!(
                    "the {}'s {} {name} is \"{}\" but {theirs}: the publisher and the event disagree",
                    a.layer.label(),
                    a.layer.attributes_key(),
                    a.value
                ),
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn sns(message: &str, attrs: Value) -> Value {
        json!({
            "Type": "Notification",
            "MessageId": "22b80b92-fdea-4c2c-8f9d-bdfb0c7bf324",
            "TopicArn": "arn:aws:sns:us-west-2:123456789012:license-events",
            "Subject": null,
            "Message": message,
            "Timestamp": "2026-11-02T00:54:06.655Z",
            "SignatureVersion": "1",
            "Signature": "EXAMPLEpH+DcEwjAPg8O9mY8dReBSwksfg2S7WKQcikcNKWLQjwu6A4VbeS0QHVCkhRS7fUQvi2egU3N858fiTDN6bkkOxYDVrY0Ad8L10Hs3zH81mtnPk5uvvolIC1CXGu43obcgFxeL3khZl8IKvO61GWB6jI9b5+gLPoBc1Q=",
            "SigningCertURL": "https://sns.us-west-2.amazonaws.com/SimpleNotificationService-f3ecfb7224c7233fe7bb5f59f96de52f.pem",
            "UnsubscribeURL": "https://sns.us-west-2.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=arn:aws:sns:us-west-2:123456789012:license-events:c9135db0-26c4-47ec-8998-413945fb5a96",
            "MessageAttributes": attrs
        })
    }

    #[test]
    fn sns_inside_sqs_is_unwrapped_with_its_attributes() {
        let note = sns(
            r#"{"event_type":"a.created","version":"1.0.0"}"#,
            json!({"event_type": {"Type": "String", "Value": "a.created"}, "bytes": {"Type": "Binary", "Value": "AAE="}}),
        );
        let sqs = json!({
            "MessageId": "5fea7756-0ea4-451a-a703-a558b933e274",
            "ReceiptHandle": "MbZj6wDWli+JvwwJaBV+3dcjk2YW2vA3+STFFljTM8tJJg6HRG6PYSasuWXPJB+Cw",
            "MD5OfBody": "fafb00f5732ab283681e124bf8747ed1",
            "Body": serde_json::to_string(&note).unwrap()
        });
        let u = unwrap(&sqs).unwrap();
        assert_eq!(u.layers, vec![Layer::Sqs, Layer::Sns]);
        assert_eq!(u.event["event_type"], "a.created");
        assert_eq!(u.attributes.len(), 1);
        assert!(mismatches(&u, &["/event_type", "/version"]).is_empty());
    }

    #[test]
    fn disagreeing_attributes_and_non_json_messages_are_reported() {
        let note = sns(
            r#"{"event_type":"a.created","version":"2.0.0"}"#,
            json!({"event_type": {"Type": "String", "Value": "a.updated"}, "version": {"Type": "String", "Value": "2.0.0"}}),
        );
        let u = unwrap(&note).unwrap();
        let m = mismatches(&u, &["/event_type", "/version"]);
        assert_eq!(m.len(), 1);
        assert_eq!(m[0].0, "/event_type");
        assert!(
            m[0].1
                .contains("\"a.updated\" but the event's event_type is \"a.created\""),
            "{}",
            m[0].1
        );
        let e = unwrap(&sns("Hello world!", json!({}))).unwrap_err();
        assert_eq!(
            e.to_string(),
            "the SNS notification's Message is not JSON (expected value at line 1 column 1 of the Message): \"Hello world!\""
        );
        let mut confirm = sns("You have chosen to subscribe", json!({}));
        confirm["Type"] = json!("SubscriptionConfirmation");
        assert_eq!(
            unwrap(&confirm).unwrap_err().to_string(),
            "SNS SubscriptionConfirmation message, not a notification: it carries no event"
        );
        let mut odd = sns("x", json!({}));
        odd["Message"] = json!(7);
        assert_eq!(
            unwrap(&odd).unwrap_err().to_string(),
            "the SNS notification's Message must be a string holding the event as JSON, found integer"
        );
        let sqs = json!({"MessageId": "m", "ReceiptHandle": "r", "Body": {"a": 1}});
        assert_eq!(
            unwrap(&sqs).unwrap_err().to_string(),
            "the SQS message's Body must be a string holding the event as JSON, found object"
        );
        let record = json!({"eventSource": "aws:sqs", "body": "x".repeat(50)});
        assert_eq!(
            unwrap(&record).unwrap_err().to_string(),
            format!("the Lambda SQS record's body is not JSON (expected value at line 1 column 1 of the body): \"{}...\"", "x".repeat(40))
        );
    }

    #[test]
    fn plain_events_pass_through_borrowed() {
        let v = json!({"event_type": "a", "Type": "Notification"});
        let u = unwrap(&v).unwrap();
        assert!(u.layers.is_empty());
        assert!(matches!(u.event, Cow::Borrowed(_)));
    }

    #[test]
    fn lambda_records_are_unwrapped() {
        let rec = json!({
            "EventSource": "aws:sns", "EventVersion": "1.0",
            "EventSubscriptionArn": "arn:aws:sns:us-east-1:123456789012:t:1",
            "Sns": sns(r#"{"event_type":"a"}"#, json!({}))
        });
        assert_eq!(
            unwrap(&rec).unwrap().layers,
            vec![Layer::SnsRecord, Layer::Sns]
        );
        let rec = json!({
            "messageId": "059f36b4-87a3-44ab-83d2-661975830a7d", "receiptHandle": "AQEBwJnKyrHigUMZj6rYigCgxlaS3SLy0a",
            "body": "{\"event_type\":\"a\"}", "eventSource": "aws:sqs",
            "messageAttributes": {"event_type": {"stringValue": "b", "dataType": "String", "stringListValues": [], "binaryListValues": []}}
        });
        let u = unwrap(&rec).unwrap();
        assert_eq!(u.layers, vec![Layer::SqsRecord]);
        assert_eq!(mismatches(&u, &["/event_type"]).len(), 1);
    }
}
