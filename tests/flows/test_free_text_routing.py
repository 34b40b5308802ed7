"""What people actually text, as a first message, and the advice it must reach."""

from __future__ import annotations

import pytest

from flows.library import FlowLibrary

FLOW = FlowLibrary.from_directory().current("five_steps")

FIRST_MESSAGES = [
    # a crime that already happened
    ("my car was broken into last night", "crime_past"),
    ("someone stole my bike from outside the shop", "crime_past"),
    ("i want to report a theft", "crime_past"),
    ("my shed got burgled over the weekend", "crime_past"),
    ("sum1 nicked my phone on the bus yesterday", "crime_past"),
    ("my house was burgled while we were on holiday", "crime_past"),
    ("how do i get a crime reference number", "crime_past"),
    ("someone smashed my car window", "crime_past"),
    ("graffiti all over my garage door", "crime_past"),
    ("i was pickpocketed in town", "crime_past"),
    ("my tyres were slashed overnight", "crime_past"),
    # damage-only collisions
    ("someone reversed into my car in tesco car park", "collision"),
    ("minor accident no injuries what do i do", "collision"),
    ("had a crash on the a414 everyone is fine", "collision"),
    ("a van scraped my wing mirror", "collision"),
    ("somebody drove off after hitting my car", "driver_left"),
    ("hit and run on my parked car", "driver_left"),
    # information
    ("i have information about a robbery", "information"),
    ("i think my neighbour is dealing drugs", "information"),
    ("there's a lot of suspicious activity at the house opposite", "information"),
    ("i know where a wanted man is staying", "information"),
    # fraud
    ("i got a text saying my parcel is waiting, think its a scam", "fraud"),
    ("i've been scammed out of 500 pounds", "fraud"),
    ("someone hacked my facebook", "fraud"),
    ("phishing email pretending to be hmrc", "fraud"),
    ("i bought tickets online and they were fake", "fraud"),
    # not a police matter
    ("my neighbours play loud music every night", "council"),
    ("someone dumped rubbish at the end of my road", "council"),
    ("fly tipping in the lane behind my house", "council"),
    ("there is a massive pothole outside my house", "highways"),
    ("the street light outside has been broken for weeks", "highways"),
    ("i lost my wallet in town", "lost_property"),
    ("i found a purse on the pavement", "lost_property"),
    ("someone is mistreating their dog", "animals"),
    ("i feel really unwell and need a doctor", "health"),
    ("is this a police matter", "not_police"),
    # other routes
    ("what is the non emergency number", "non_emergency"),
    ("is 101 free to call", "non_emergency"),
    ("can i speak to a real person", "person"),
    ("i need to talk to someone", "person"),
    ("i want an update on my case", "case_update"),
    ("i want to complain about an officer", "case_update"),
    ("my ex keeps turning up and controlling me", "domestic_abuse"),
    ("i need help with domestic abuse", "domestic_abuse"),
    ("i was racially abused in the street last week", "hate_crime"),
    ("i saw a suspicious package at the station", "terrorism"),
    ("i'm worried about a child next door, i think they're neglected", "child_at_risk"),
    ("i'm struggling with my mental health", "mental_health"),
    ("gangs of youths hanging around the shops causing trouble", "asb"),
    ("i feel unsafe walking through the underpass at night", "unsafe_place"),
    ("what counts as an emergency", "emergency_info"),
    ("hello", "welcome"),
    ("hi there", "welcome"),
    ("thanks", "thanks"),
]


@pytest.mark.parametrize(("text", "target"), FIRST_MESSAGES, ids=[t for t, _ in FIRST_MESSAGES])
def test_first_message_reaches_the_right_advice(text: str, target: str) -> None:
    route = FLOW.route(FLOW.definition.start, text)
    assert route is not None, text
    assert route.target == target, (text, route)


@pytest.mark.parametrize("text", ["asdfgh", "?", "lorem ipsum", "the", "123456"])
def test_nonsense_matches_nothing(text: str) -> None:
    assert FLOW.route(FLOW.definition.start, text) is None
