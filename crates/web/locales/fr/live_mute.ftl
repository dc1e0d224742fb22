# Live sessions: participants who ask to speak, and the host who mutes them.
live-speak-start = Prendre la parole
live-speak-stop = Couper mon micro
live-status-muted = L’animateur a coupé votre micro.
live-status-speaking = En direct : votre micro est ouvert, tout le monde vous entend.
live-speak-refused = Le micro n’a pas pu être ouvert : autorisez-le dans le navigateur, ou réessayez quand d’autres auront fini de parler.
live-speakers = Ils ont pris la parole
live-mute-other = Couper son micro
live-unmute-other = Lui rendre la parole
live-action-failed = Cela n’a pas marché : réessayez.
live-mute-streams = Le micro de cette personne n’a pas pu être coupé : rechargez la page et réessayez.
live-mute-engine = Avec ce moteur de classes virtuelles, les micros se coupent depuis la salle elle-même.
