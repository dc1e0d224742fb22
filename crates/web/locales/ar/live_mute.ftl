# Live sessions: participants who ask to speak, and the host who mutes them.
live-speak-start = طلب الكلمة
live-speak-stop = كتم ميكروفوني
live-status-muted = كتم المنشّط ميكروفونك.
live-status-speaking = مباشر: ميكروفونك مفتوح، والجميع يسمعك.
live-speak-refused = تعذّر فتح الميكروفون: اسمح به في المتصفح، أو أعد المحاولة حين ينهي آخرون كلامهم.
live-speakers = من أخذوا الكلمة
live-mute-other = كتم ميكروفونه
live-unmute-other = إعادة الكلمة إليه
live-action-failed = لم ينجح ذلك: أعد المحاولة.
live-mute-streams = تعذّر كتم ميكروفون هذا الشخص: أعد تحميل الصفحة ثم حاول مجددًا.
live-mute-engine = مع محرك الأقسام الافتراضية هذا، تُكتم الميكروفونات من داخل القاعة نفسها.
