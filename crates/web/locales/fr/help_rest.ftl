# The hotline's remaining parts (issue 18): playback errors on a ticket, links from the
# dashboards.
ticket-playback-errors = Erreurs de lecture récentes
ticket-playback-errors-none = Aucune erreur de lecture signalée.
ticket-playback-capsule = Capsule
ticket-playback-code = Erreur
ticket-playback-rendition = Qualité
ticket-playback-when = Quand
playback-error-aborted = Chargement interrompu
playback-error-network = Réseau coupé pendant le chargement
playback-error-decode = Vidéo illisible (décodage)
playback-error-unsupported = Format non pris en charge par l'appareil
playback-error-hls_network = Réseau : liste ou segment introuvable
playback-error-hls_media = Lecteur : erreur du tampon vidéo
playback-error-hls_other = Lecteur : autre erreur
playback-rendition-auto = Automatique
playback-rendition-lowest = La plus légère
playback-rendition-audio = Son seul
playback-rendition-mp4 = MP4 (sans script)
playback-rendition-saved = Enregistrée hors ligne
dash-hotline = Assistance
