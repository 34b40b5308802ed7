"""The emergency detector: what it must catch, what it must leave alone, and what it calls each one.

EMERGENCIES and NOT_EMERGENCIES are also read by benchmarks/emergency_eval.py; add a phrase here when a
real message is missed or wrongly flagged, and it becomes a test and part of the evaluation at once.
"""

from __future__ import annotations

import pytest

from bot.emergency import EmergencyDetector, EmergencySignal

# Life at risk or a crime happening now, written the way people text in a hurry.
EMERGENCIES: list[str] = [
    # danger to life
    "he is going to kill me",
    "HE SAYS HELL KILL ME",
    "he'll kill her",
    "my husband said hes going to kill us all",
    "my son wants to kill himself",
    "she is suicidal and has pills",
    "my mate says he is going to end his life tonight",
    "i think my neighbour is dead",
    "someone is in danger",
    "theres a man in the river drowning",
    "my ex keeps threatening to kill me",
    "this is an emergency",
    "please call an ambulance",
    # violence happening now
    "he's hitting me",
    "hes hittin me plz help",
    "i am being attacked",
    "they are beating him up outside",
    "fight outside with loads of people",
    "ppl fighting outside the pub rn",
    "my bf is beating me",
    "they are attaking my brother",
    "he is strangling her",
    "a group of lads are kicking someone on the floor",
    "my dad is getting violent",
    "a dog is attacking a child in the park",
    # weapons
    "he has a knife",
    "HE HAS A KNIF",
    "hes got a gun",
    "a man with a machete outside the shop",
    "someones been stabbed",
    "my friend has been stabed",
    "shots fired on my road",
    "gunn shots outside",
    "armed man in the garden",
    "there's been a stabbing outside the chip shop",
    "someone threw acid at a woman",
    # crimes in progress
    "someone is breaking in",
    "burglars in my house right now",
    "i am being robbed",
    "they're trying to get in my door",
    "someone is stealing my car right now",
    "im being followed",
    "a man keeps following me home",
    "theres sum1 in my garden",
    "some1 tryin 2 get in my house",
    "i can hear someone downstairs",
    "he is smashing up the house",
    "theres a drunk driver on the m1 rn",
    "my neighbour is drunk and about to drive his car",
    "a man is taking my nan to the bank to get cash for someone on the phone",
    "my mum is being taken to the bank by a fake policeman",
    "I've just been mugged and he's still round the corner",
    "just got robbed they went towards the station",
    "he hit me last night and he's here now",
    "someone just broke into my car and they are still in the car park",
    # injury
    "he is not breathing",
    "my dad collapsed and isnt breathin",
    "shes unconcious",
    "hes bleading loads",
    "she is bleeding badly",
    "an old man has collapsed in the street",
    "my mate has overdosed",
    "he wont wake up",
    "my baby is choking",
    "my husband is having a heart attack",
    # fire
    "my house is on fire",
    "smoke pouring out of the flat upstairs",
    "fire next door",
    "FIRE IN MY KITCHEN",
    "kids have set fire to the bins outside",
    # missing children
    "my son is missing",
    "cant find my daughter anywhere",
    "child has been taken",
    "lost my little boy at the park",
    "my 5yo has wandered off at the shops",
    "my daughter has been kidnaped",
    "my 14 year old has not come home and isnt answering",
    # threats
    "he's threatening to stab me",
    "hes threatning to stab me",
    "he says he'll hurt me",
    "he threatened to burn the house down",
    "my ex texted saying he will come round and smash my car",
    # here, scared, cannot leave
    "hes here",
    "he's outside my house",
    "my ex is at the door",
    "i'm scared",
    "im so scared",
    "I can't leave",
    "he won't let me leave",
    "he locked me in the bedroom",
    "i am hiding from him in the bathroom",
    "i dont feel safe",
    # roads
    "car crash someone is hurt",
    "hit by a car",
    "crash blocking the motorway",
    "accident on the a414 and someone is trapped",
    "cows loose on the motorway",
    # kidnap
    "a woman was bundled into a van",
    "she is being held against her will",
    # shorthand and misspellings mixed in
    "pls send police asap my bf is hitting me",
    "u need to come now hes got a knife",
    "theres a guy with a knife outside ur station",
    "some1 is following me dont know what to do",
    "cant breath",
    "hes outside with a bat",
    "i want to die",
    "there is a man on the bridge threatening to jump",
    "someone smashed my window and is inside",
    "somebody has taken my baby",
    "he has pinned me down",
    "my nan just got a call from the 'police' and she's going to the bank now to take out £5000",
    "i've been robbed and they ran off down the road, still in sight",
    "a lorry has hit a car and the road is completely blocked",
    "someone has been hit by a bus",
    "my ex has turned up and is refusing to leave",
    # found missing from earlier versions of the rules
    "a man has just tried to snatch my bag and hes hanging about outside the co op",
    "woman screaming for help in the alley behind my house",
    "there's a man slumped in a car and he's gone grey",
    "a car just mounted the pavement and hit a kid",
    "a van has crashed into the front of the shop",
    "my teenage daughter has run off with an older man",
    "our 2 year old got out of the house and we can't find him",
    "my husband hasn't come home and he said he wanted to end it",
    "he's threatening to throw himself off the balcony",
    "two cars collided at the junction and one is on its side",
    "my little boy went out to play an hour ago and hes not answering his phone",
    "some guy is swinging a chain at people outside the station",
    "a man is forcing his way into my neighbours flat",
    "my grandad with dementia has wandered off and its freezing",
    "my ex has just poured petrol through my door",
    "he's got my daughter in the car and he's been drinking",
]

# Past events, negated injuries, questions and everyday texts that must not set off the 999 reply.
# Some false alarms are accepted on purpose, so they are not listed here: a hypothetical question
# ("what happens if someone has a knife") or fear of something harmless ("I'm scared of next door's dog").
NOT_EMERGENCIES: list[str] = [
    # past, with nothing to say it is still going on
    "there was a fire at the school last month",
    "I was assaulted last year and want an update",
    "my bike was stolen yesterday",
    "someone stabbed my tyres last week",
    "he threatened me 3 weeks ago",
    "my car was broken into overnight",
    "i was mugged 2 years ago and still have not heard anything",
    "someone tried to break into my shed last night",
    "there was a fight in town last weekend",
    "I want to report historic abuse from when I was a child",
    "I lost my son in 2019 and want to talk to someone",
    "my house was burgled in 2022, can I get the crime number again",
    "I was in a car accident two weeks ago and need the other drivers details",
    # collisions without injury
    "someone crashed into my car, no one was hurt",
    "minor bump nobody injured",
    "not hurt just damage",
    "i had a crash on the motorway yesterday, just damage",
    "someone reversed into me in the car park, no injuries, they drove off",
    "had a small accident, no one injured, just a dent",
    "someone hit my car in the car park and drove off",
    # questions about the service
    "what counts as an emergency",
    "when should I call 999",
    "is 101 free",
    "can I text 999",
    "how do I get a crime reference number",
    "can I report a crime online",
    "where is my nearest police station",
    "what time does the police station open",
    "are you a real person",
    # ordinary texts, most for someone other than the police
    "my neighbours are really noisy",
    "there is a pothole on my road",
    "I lost my wallet",
    "I got a scam text",
    "fireworks at night",
    "I got fired from my job",
    "my phone is dead",
    "I'm dying to know my crime number",
    "killing time",
    "how do I report fly tipping",
    "I want to speak to a person",
    "my neighbours dog keeps barking",
    "someone keeps parking across my drive",
    "street light is broken",
    "my smoke alarm keeps beeping",
    "the shops fire exit is blocked",
    "is there a fire safety check service",
    "my feet are killing me after that walk",
    "this heat is killing me",
    "I'm afraid I don't have my reference number",
    "my son lost his phone at the park",
    "my daughter lost her purse",
    "I'm locked out of my account",
    "my friend is stuck in traffic",
    "where can I hand in a knife I found",
    "I need a copy of a police report for my insurance",
    "somebody hacked my facebook",
    "I think someone is using my bank card",
    "my bank card was cloned",
    "I want to make a complaint about an officer",
    "my car has been clamped",
    "the noise is keeping me up at night",
    "my neighbour is having a bonfire",
    "there is a dead fox in the road",
    "my dads phone is broken",
    "can I get a firearms licence renewal form",
    "my son has lost his bike",
    "I'd like to give information about drug dealing anonymously",
    "I'm not scared, just annoyed",
    "my bleeding neighbours are at it again",
    "can you help me find my crime number",
    "I need help with an online form",
    "my son is missing school a lot, who do I talk to",
    "I can't leave a review on your website",
    "my son was hit by a ball at football",
    "there's a broken bottle on the pavement",
    "someone keeps stealing my parcels",
    "he threatened me 3 weeks ago, what happens now",
    "I'd like to report a suspicious van I saw on Tuesday",
    "my bike got nicked from outside the station yesterday",
    "Can I get advice on a restraining order, my ex hit me 2 years ago",
    "he used to hit me when we were together years ago",
    "my son had a fight at school last week",
    "i am not in danger just want advice",
    "my wallet is missing",
    "my dog is missing",
    "i locked my keys in the car",
    "i am stuck at the station, trains are cancelled",
    "my friend got punched in town at the weekend, does he need to report it",
    "i want to get my gun licence renewed",
    "my kitchen knives were stolen in a burglary 2 weeks ago",
    "i'm writing a school project about knife crime",
    "my car alarm keeps going off at night",
    "i was sent a threatening email by my landlord in 2023",
    "we had a burglary in the summer and want to know about the case",
    "a man knocked on my door selling dusters",
    "our dog got out but came back",
    "is it ok to use a taser for self defence",
    # keywords and one-word replies
    "hello",
    "hi",
    "help",
    "HELP",
    "menu",
    "stop",
    "1",
    "2",
    "thanks",
    "ok",
    "yes",
    "",
    "   ",
    "👍",
]


@pytest.fixture(scope="module")
def detector() -> EmergencyDetector:
    return EmergencyDetector()


@pytest.mark.parametrize("text", EMERGENCIES)
def test_flags_emergency(detector: EmergencyDetector, text: str) -> None:
    assert detector.detect(text) is not None


@pytest.mark.parametrize("text", NOT_EMERGENCIES)
def test_leaves_non_emergency_alone(detector: EmergencyDetector, text: str) -> None:
    assert detector.detect(text) is None


def test_phrase_lists_are_big_enough_and_distinct() -> None:
    assert len(set(EMERGENCIES)) == len(EMERGENCIES) >= 75
    assert len(set(NOT_EMERGENCIES)) == len(NOT_EMERGENCIES) >= 75
    assert not set(EMERGENCIES) & set(NOT_EMERGENCIES)


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("he is going to kill me", "danger_to_life"),
        ("my son wants to kill himself", "danger_to_life"),
        ("hes hitting me", "violence"),
        ("he has a knife", "weapon"),
        ("shots fired", "weapon"),
        ("someone is breaking in", "in_progress"),
        ("drunk driver on the motorway right now", "in_progress"),
        ("he is not breathing", "injury"),
        ("my house is on fire", "fire"),
        ("my son is missing", "missing_child"),
        ("my daughter has been kidnapped", "missing_child"),
        ("hes threatening to stab me", "threat"),
        ("he is threatening me with a knife", "weapon"),
        ("im so scared", "fear"),
        ("he is outside my house", "fear"),
        ("car crash someone is hurt", "collision_injury"),
        ("hit by a car", "collision_injury"),
    ],
)
def test_names_the_category(detector: EmergencyDetector, text: str, category: str) -> None:
    signal = detector.detect(text)
    assert signal is not None
    assert signal.category == category


def test_present_marker_outweighs_past_marker(detector: EmergencyDetector) -> None:
    assert detector.detect("he hit me last night") is None
    assert detector.detect("he hit me last night and he's here now") is not None


def test_future_threat_survives_a_past_marker(detector: EmergencyDetector) -> None:
    signal = detector.detect("he threatened me last week and says he is going to kill me")
    assert signal == EmergencySignal(category="danger_to_life", rule="danger.kill_intent")


def test_negated_injury_leaves_a_blocked_road(detector: EmergencyDetector) -> None:
    signal = detector.detect("crash on the a1, no one hurt but a lorry is blocking the road")
    assert signal is not None
    assert signal.category == "collision_injury"


def test_rule_name_never_carries_message_text(detector: EmergencyDetector) -> None:
    signal = detector.detect("Jane Smith 07700900123 he has a knife")
    assert signal is not None
    assert "jane" not in signal.rule.lower()
    assert "07700900123" not in signal.rule


def test_signal_is_frozen(detector: EmergencyDetector) -> None:
    signal = detector.detect("he has a knife")
    assert signal is not None
    with pytest.raises(AttributeError):
        signal.category = "fire"  # type: ignore[misc]
