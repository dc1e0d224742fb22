//! The documented responses (fixtures/bbb, see its README) and the failures around them.

use super::*;

fn down(result: Result<impl std::fmt::Debug, LiveError>) -> DownReason {
    match result {
        Err(LiveError::EngineDown(reason)) => reason,
        other => panic!("expected an engine-down error, got {other:?}"),
    }
}

#[test]
fn create() {
    let created = parse_create(include_str!("../../../fixtures/bbb/create.xml")).unwrap();
    assert_eq!(created.create_time.as_deref(), Some("1531155809613"));
}

#[test]
fn end_running_publish_delete() {
    parse_end(include_str!("../../../fixtures/bbb/end.xml")).unwrap();
    assert!(parse_running(include_str!("../../../fixtures/bbb/is-meeting-running.xml")).unwrap());
    let stopped =
        include_str!("../../../fixtures/bbb/is-meeting-running.xml").replace(">true<", ">false<");
    assert!(!parse_running(&stopped).unwrap());
    assert!(parse_published(include_str!("../../../fixtures/bbb/publish-recordings.xml")).unwrap());
    assert!(parse_deleted(include_str!("../../../fixtures/bbb/delete-recordings.xml")).unwrap());
}

#[test]
fn meeting_info() {
    let info =
        parse_meeting_info(include_str!("../../../fixtures/bbb/get-meeting-info.xml")).unwrap();
    assert!(info.running);
    // The documented attendee joined without a Lawha id: present, not attributed.
    assert_eq!(
        info.present,
        vec![Present {
            user: None,
            role: Role::Moderator,
            listening_only: false,
            has_video: true,
        }]
    );
    let ours = Uuid::from_u128(0x42);
    let named = include_str!("../../../fixtures/bbb/get-meeting-info.xml")
        .replace("w_ftcrsyuh44oj", &ours.to_string())
        .replace("<role>MODERATOR</role>", "<role>VIEWER</role>");
    let info = parse_meeting_info(&named).unwrap();
    assert_eq!(info.present[0].user, Some(ours));
    assert_eq!(info.present[0].role, Role::Viewer);
}

#[test]
fn recordings() {
    let recordings =
        parse_recordings(include_str!("../../../fixtures/bbb/get-recordings.xml")).unwrap();
    assert_eq!(recordings.len(), 2);
    let first = &recordings[0];
    assert_eq!(
        first.id,
        RecordingId("ffbfc4cc24428694e8b53a4e144f414052431693-1530718721124".into())
    );
    assert_eq!(first.state, RecordingState::Published);
    assert!(first.published);
    assert_eq!(first.participants, 3);
    assert_eq!(
        first.started,
        DateTime::from_timestamp_millis(1_530_718_721_124)
    );
    assert_eq!(
        first.ended,
        DateTime::from_timestamp_millis(1_530_718_810_456)
    );
    let kinds: Vec<&str> = first.formats.iter().map(|f| f.kind.as_str()).collect();
    assert_eq!(kinds, ["podcast", "presentation"]);
    assert_eq!(
        first.formats[0].url,
        "https://demo.bigbluebutton.org/podcast/ffbfc4cc24428694e8b53a4e144f414052431693-1530718721124/audio.ogg"
    );
    assert_eq!(recordings[1].participants, 7);
    assert_eq!(recordings[1].formats[1].minutes, 33);
    // None yet: an empty list.
    let none = "<response><returncode>SUCCESS</returncode><recordings/>\
        <messageKey>noRecordings</messageKey><message>There are no recordings for the meeting(s).</message></response>";
    assert!(parse_recordings(none).unwrap().is_empty());
}

#[test]
fn failures_carry_the_message_key() {
    let error = parse_create(include_str!("../../../fixtures/bbb/checksum-error.xml")).unwrap_err();
    match &error {
        LiveError::Refused { key, message } => {
            assert_eq!(key, "checksumError");
            assert_eq!(message, "Checksums do not match");
        }
        other => panic!("{other:?}"),
    }
    // What is logged is the key, not the engine's free text.
    assert_eq!(
        error.to_string(),
        "conferencing engine refused the call (checksumError)"
    );
    // An unknown meeting, under either of the keys BigBlueButton uses.
    assert!(matches!(
        parse_meeting_info(include_str!("../../../fixtures/bbb/invalid-meeting.xml")),
        Err(LiveError::NoSuchRoom)
    ));
    let not_found = include_str!("../../../fixtures/bbb/invalid-meeting.xml")
        .replace("invalidMeetingIdentifier", "notFound");
    assert!(matches!(parse_end(&not_found), Err(LiveError::NoSuchRoom)));
    // A failure's text is cut before it reaches a log.
    let long = include_str!("../../../fixtures/bbb/checksum-error.xml")
        .replace("Checksums do not match", &"x".repeat(5000));
    match parse_end(&long) {
        Err(LiveError::Refused { message, .. }) => assert_eq!(message.len(), MAX_MESSAGE_CHARS),
        other => panic!("{other:?}"),
    }
}

#[test]
fn anything_but_the_apis_xml_is_an_engine_down() {
    let html = "<html><body><h1>502 Bad Gateway</h1></body></html>";
    assert_eq!(
        down(parse_running(html)),
        DownReason::NotApiXml("no response element")
    );
    assert_eq!(down(parse_running("")), DownReason::NotApiXml("not XML"));
    assert_eq!(
        down(parse_running("Service Unavailable")),
        DownReason::NotApiXml("not XML")
    );
    assert_eq!(
        down(parse_running(
            "<response><running>true</running></response>"
        )),
        DownReason::NotApiXml("no returncode")
    );
    assert_eq!(
        down(parse_running(
            "<response><returncode>SUCCESS</returncode><running>yes</running></response>"
        )),
        DownReason::NotApiXml("running")
    );
    // A document type (entity expansion, external entities) is refused outright.
    let dtd = "<!DOCTYPE response [<!ENTITY a \"aaaa\">]><response><returncode>SUCCESS</returncode><running>&a;</running></response>";
    assert_eq!(down(parse_running(dtd)), DownReason::NotApiXml("not XML"));
    let no_id = "<response><returncode>SUCCESS</returncode><recordings><recording/></recordings></response>";
    assert_eq!(
        down(parse_recordings(no_id)),
        DownReason::NotApiXml("recordID")
    );
}
