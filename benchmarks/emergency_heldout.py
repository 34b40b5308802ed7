"""Held-out phrases for the emergency detector: written after the rules were last tuned, and never tuned on.

This is set H, the fifth held-out round. It was written after the rules were widened for set G (round D
in tests/bot/test_emergency.py, where set G now lives as tuning data), and before the detector was run on
it; the figure below was taken once, with no rule changed afterwards:

    recall 65.5% (78/119 emergencies flagged), false alarms 5.4% (4/74 everyday texts flagged)

benchmarks/emergency_eval.py reports these apart from the phrase lists in tests/bot/test_emergency.py, so
the figure says how the rules do on wording they have not seen. Do not widen a rule to catch a phrase
from here: that makes the figure meaningless. When the rules are next tuned, move these phrases into the
tests (they become tuning data) and write a fresh held-out set first, in new wording, before looking at
what the detector does with it.

The one-word keywords ("help", "menu", "stop", "1", "2", "thanks") also appear in the tests: they are what
the service's own menu asks people to send, so every set must show they stay quiet.

Some of these are missed or wrongly flagged; that is the point of the file, and no test asserts on it.
"""

from __future__ import annotations

# Life at risk or a crime happening now, in wording not used anywhere in the tests.
HELDOUT_EMERGENCIES: list[str] = [
    # domestic abuse
    "he's got his hands round my throat again, i got free and locked myself in the loo",
    "my stepdad is batterin mum in the kitchen i can hear her screaming pls send someone im 11",
    "partner just smashed a plate over my head, bleeding from my scalp, he's still in the house",
    "BOYFRIEND IS KEEPING ME IN THE FLAT, HE HAS MY KEYS AND PHONE, IM ON MY IPAD",
    "husband drunk and punching holes in doors, kids upstairs crying, im scared hes coming for me next",
    "my sister's husband is dragging her down the street by her coat, Elm Road now",
    "he shoved me down the staircase and now he's standing over me shouting",
    "im in the car park at asda hiding from my ex hes driving round looking for me",
    "my dad is choking my brother please",
    # stalking
    "same man from the gym is parked outside my flat again and just flashed his headlights at me",
    "a guy has followed me from the tube to my road and he's hanging about at the corner",
    "my ex has just messaged me a photo of me taken through my living room window tonight",
    "someone keeps ringing the doorbell and running off, its 2am and i think its my ex, im alone",
    "a car has followed my bus for 5 stops and the man in it keeps staring at me",
    # self-harm and suicide
    "my mate is stood on the wrong side of the bridge railings on the a1 and wont talk to me",
    "found my son in the garage with the car engine running and the door shut",
    "girlfriend just sent me a pic of a bath full of water and a razor, she won't answer",
    "i am going to jump in front of the next train",
    "my husband has gone off into the woods with his shotgun saying he's had enough",
    "my daughter 15 has swallowed a whole pack of her antidepressants and is acting really sleepy",
    "my best friend texted its over tell my mum im sorry and her location is at the cliffs",
    "cant do this anymore ive got the pills in my hand",
    "my brother put a rope up in the loft, he's up there now and it's gone quiet",
    # overdose and poisoning
    "mate has dropped something at the party and is fitting on the floor",
    "my 18 month old has eaten some of her nan's heart tablets from her handbag",
    "think my husband has injected too much insulin, hes sweaty and not making sense",
    "friend snorted a load of ket and now isnt breathing right, lips a funny colour",
    "my toddler has bitten into a laundry pod, there's blue stuff in his mouth",
    # medical
    "old lady has collapsed in the street outside boots, she's not moving",
    "my dad fell off the roof cleaning the gutters, he's groaning and can't feel his legs",
    "man on the train has gone floppy and won't answer, we're pulling into the next station",
    "my grandma's speech has gone funny and her arm is weak, she's 82",
    "wife 7 months pregnant and bleeding a lot",
    "help my baby has gone all floppy and blue",
    "guy passed out on the pavement by the kebab shop, head's bleeding",
    "my son was stung by a wasp and his face is swelling up and he's wheezing",
    "neighbour has cut his hand really badly on a saw, blood everywhere",
    "my friend hit her head and now she's being sick and confused",
    "my husband has a crushing pain in his chest going down his left arm",
    "please help my husband he fall down and hit head and there is blood, he not speak",
    (
        "My husband has fallen in the garden, I am not strong enough to get him up, he is 91 and it is "
        "getting cold"
    ),
    # missing or taken children
    "my 4yo was playing in the front garden 10 mins ago and now she's gone, the gate's open",
    "my little boy has gone at the carnival, he's wearing a red spiderman top, 5 years old",
    (
        "a car pulled up and a man tried to grab my daughter on her way to school, she ran home, he drove "
        "towards the park"
    ),
    "my ex has taken our son out of nursery without permission and says im never seeing him again",
    "school just rang, my 8yo never arrived and he left home at 8",
    "my daughter is 13 and got in a car with two older men, she's not answering her phone",
    "please a little girl about 2 is walking on her own along the A1(M) verge by the traffic",
    "My son has not come back from the park, it is dark now, he is 9",
    "a toddler has climbed out of a top floor window and is sitting on the ledge",
    "some lad just tried to coax my son into his van with sweets",
    # missing vulnerable adults
    "my dad has dementia and drove off in the car an hour ago, he doesnt have a licence anymore",
    "my brother has schizophrenia and stopped his meds, he's wandered off barefoot in the snow",
    "elderly lady in her nightdress at the bus stop, no idea where she lives, it's freezing",
    "my girlfriend who is epileptic went for a swim in the lake over an hour ago and hasnt come back",
    # road collisions
    "head on crash on the b road near the church, one car on its roof, smoke coming from the engine",
    "cyclist under the wheels of a bin lorry on the high street",
    "lorry jackknifed across both lanes of the a505, cars piling into it",
    "car hit a kid on a scooter outside the school and drove off, the kid isnt moving",
    "motorcyclist lying in the road at the roundabout",
    "van on its side in the central reservation, driver hanging out of the window",
    # road dangers
    "massive sheet of plywood in lane 2 of the m1 southbound, cars swerving round it",
    "theres a man stumbling along the m25 in the dark",
    "there's a sofa in the middle of the a1 near the services, cars are having to brake hard",
    "car stopped in the fast lane with no lights on the a14",
    "flooded underpass and a car is stuck in it with water coming in, there's an old man inside",
    "a lorry has just hit the railway bridge and theres bits of it all across the road",
    # drink and drug drivers now
    (
        "the guy in the BMW just downed a bottle of wine in the car park and is now driving off towards the "
        "ring road"
    ),
    "bloke absolutely steaming getting behind the wheel of a black range rover outside the crown",
    "i think the bus driver is drunk, he's slurring and nearly hit a wall, we're still on the bus",
    # someone getting in, burglary in progress
    "someone is trying to get through my bedroom window, I'm upstairs alone with the baby",
    "2 lads with a crowbar at the garages behind my block right now",
    "I can hear someone moving about downstairs, my husband is at work",
    "theres sum1 in my back gardn tryin all the windows, i can see a torch",
    "theres glass breaking next door and they're on holiday",
    "my dog's going mad and theres a man at my back gate rattling it",
    "woke up and theres a stranger stood in my kitchen",
    "a man is trying to climb onto my balcony from the one below",
    "i am 84 and a man has come in my back door saying he's from the council and he won't leave",
    # robbery just now
    "just got mugged at knife point by the cash machine on station road, 2 guys ran towards the flats",
    "some guy snatched my phone out my hand and cycled off down the canal path",
    "the petrol station is being robbed now, man with a bat behind the counter",
    "man is inside my shop with knife and take money now",
    # fights
    "huge fight outside the chicken shop, someone's got a bottle",
    "youths kicking a homeless man in the doorway by the bank",
    "2 men fighting in the road one has a knife",
    # weapons
    "a man has pulled a gun in the pub",
    "boy at my school has a knife in his bag and is saying he's gonna use it at lunch",
    "neighbour is outside with a machete threatening to chop my dog",
    "HELP GUN",
    "hes got a knife to my neck",
    # fire
    "thick smoke from the flat below mine and the alarm is going off in the corridor",
    "someone has set fire to the bins against the school wall",
    "theres flames coming from the roof of the garage",
    "e-scooter caught fire in our hallway, we're stuck upstairs",
    "fire fire",
    # trapped and water
    "a dog walker has slipped into the canal near the lock and can't get out",
    "my son is stuck halfway up the cliff and the sea is coming in fast",
    "worker fallen into a trench at the building site and it's collapsed on him",
    "my friend she drink too much and not wake, we are in park",
    # kidnap
    "my brother has been bundled into a white van outside the gym",
    "my daughter just facetimed me crying saying a man has locked her in his flat",
    "they took my dad and want 20k or they will hurt him",
    (
        "Driving past the lay-by on the A120 and saw a woman with her hands tied being pushed into a car by "
        "two men, silver Ford, heading towards Stansted"
    ),
    (
        "Hi sorry I don't know if this is the right place but I'm on the platform at Hatfield and there is a "
        "young girl who looks really out of it with an older man who keeps pulling her arm and she looks "
        "terrified, she just mouthed help me at me"
    ),
    # fraud happening now
    (
        "my nan is on a call with someone saying they're from the police fraud unit and they're telling her "
        "to hand her bank card to a taxi driver who is on the way"
    ),
    "man pretending to be from the water board is inside my mum's house and she's 90",
    (
        "someone on the phone has got my grandad to download an app and is controlling his computer now, "
        "taking money"
    ),
    "my mum is at the jewellers buying gold for an undercover officer who rang her",
    # threats arriving now
    "he's sending me voice notes saying he's outside and he's going to burn my flat with me in it",
    "a group on snapchat are saying they're going to jump my son after school today",
    "my ex just texted say goodbye to the kids",
    # hate attacks now
    "men shouting at my wife about her headscarf and one just pushed her into the road",
    "gang of lads chasing a gay couple down the high street throwing bottles",
    "someone has just sprayed swastikas on the synagogue and they are still there kicking the door",
    # short, panicked, shorthand
    "pls hes here",
    "intruder downstairs",
    "cant catch my breath",
    "shes not breathing help",
]

# Everyday texts to a police non-emergency service that must not set off the 999 reply.
HELDOUT_NOT_EMERGENCIES: list[str] = [
    # crimes reported after the fact
    "my car was broken into at the retail park on saturday, they took my sat nav",
    "i was punched outside a club in august and the CCTV might have it",
    "someone nicked the plants from my front garden overnight",
    "my son was mugged for his trainers last week, he's ok but shaken",
    "the house opposite was burgled while they were away, i have ring doorbell footage",
    "i want to report that my ex hit me several times when we were together, it was 3 years ago",
    "my van was stolen from outside my house a fortnight ago, any update",
    "a lorry clipped my wing mirror on the m1 earlier and didnt stop",
    "my daughter had her phone snatched in town on friday",
    "found out my neighbour has been taking my post for months",
    "shoplifter took 2 bottles of vodka from my shop this morning, I have cctv",
    "my friend's car got keyed and the tyres let down at the weekend",
    # nuisances and matters for someone else
    "teenagers riding motorbikes on the playing field every night, it's dangerous",
    "the neighbours have a party every friday till 4am",
    "someone keeps leaving their car across the dropped kerb",
    "cars speeding down our road every morning, someone will get hurt one day",
    "a neighbour's security light shines straight into my bedroom",
    "there's a group of lads who sit on the bench outside my house smoking weed",
    "people using the alley as a toilet",
    "the pub garden is really loud on weekends",
    "my neighbour keeps putting his rubbish in my bin",
    "buskers outside my flat all day",
    "a fox is screaming in my garden every night, it sounds like a woman",
    "I'm scared of my neighbour's big dog, it barks at my kids through the fence",
    "my teen keeps coming home late, can police have a word with him",
    "the traffic lights on the a10 have been stuck on red for ages",
    "the smoke from my neighbour's bbq comes in my window",
    # scams already over
    "i sent 400 quid to someone selling a puppy and now they've blocked me",
    "my dad gave his card details to a fake bank caller last week, the bank has stopped the card",
    "got a phishing email pretending to be paypal, didnt click it",
    "I think my elderly aunt was conned by a roofer last summer, he charged her 8000 for nothing",
    "someone took a deposit for a flat that doesn't exist, how do I get it back",
    "a man rang claiming to be from BT and I hung up, should I report it",
    "my nan bought vouchers for a scammer back in october, can she get the money back",
    # lost and found
    "left my rucksack on the 724 bus",
    "i found a set of car keys on the green",
    "my son's lost his school blazer at the park",
    "dropped my bank card somewhere on the high street",
    "does anyone hand lost phones in to you",
    "found a debit card left in the cash machine",
    # questions about the service and the law
    "how long does a DBS take to come back",
    "where do i get the police report for the crash i was in",
    "what's the number for the non-emergency line",
    "do I need to report a minor bump if we swapped details",
    "is it illegal to ride an electric scooter on the pavement",
    "how do I get my driving licence back after it was seized",
    "when does the front counter at stevenage open",
    "i'd like to speak to my local PCSO about parking",
    "can I send you dashcam footage of a near miss",
    "are you open on christmas day",
    "can i report a drunk driver after the event, it was last friday",
    "what should i do if i see a suspicious package",
    "how do I report a missing person",
    "what does released under investigation mean",
    "how can I get a restraining order against my ex, he hasn't done anything recently",
    "my son got a caution years ago, will it show up on his job check",
    "am I allowed a multitool in my car for work",
    # everyday texts that use alarming words
    "I'm writing a story about a kidnapping for my english homework",
    "my dog swallowed a sock, which vet is open",
    "my husband's heart attack was in 2021, can he still do jury service",
    "we had a fire drill at work and the alarm was too quiet",
    "my ex keeps liking my old photos on instagram, is that harassment",
    "my son is addicted to his xbox and wont come out of his room",
    "broke down on the hard shoulder, the AA are on their way, just letting you know",
    "i want to thank the officers who came when my dad went missing last year",
    # keywords, replies and thanks
    "thanks i called 999 and they came",
    "ok thanks bye",
    "hi is anyone there",
    # the menu keywords also appear in the tests: every set must show they stay quiet
    "help",
    "menu",
    "stop",
    "1",
    "2",
    "thanks",
]
